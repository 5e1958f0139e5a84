"""The JSON API views, one module a part of the API: `auth` (tokens), `cases` (reports and every
write on a case), `persons`, `audit`, `early_help`; LSS and follow-up in `api.lss` and
`api.followup`. Each view is thin: the area (`cases.policy`, 404), the record through a permission
helper (404 when not visible), then one service or selector through `api.actions.write`."""
