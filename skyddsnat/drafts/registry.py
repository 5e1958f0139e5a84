"""The forms that may keep a draft. Each flow registers its own at startup (its
`AppConfig.ready()`), so that drafts, a service below the case spine, never imports a flow's forms.

A registration names a key: either a whole key ("children.report", one draft per user) or a
prefix ending in ":" that a case id follows ("cases.journal:<case id>", one draft per user and
case). `may_use(user, case_id)` says whether the user may fill in the form (for a prefix: of that
case); it answers False or raises Http404, and the draft pages answer 404 either way.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from skyddsnat.organisation.models import User

# ASCII digits without a leading zero, so that one case has one key; str.isdigit would let "²"
# through to int(), and a long run of digits exceeds what int() converts.
CASE_ID = re.compile(r"[1-9][0-9]{0,18}")


@dataclass(frozen=True)
class Draftable:
    key: str
    form_class: type[forms.Form]
    may_use: Callable[[User, int | None], bool]

    @property
    def per_case(self) -> bool:
        return self.key.endswith(":")


_draftables: dict[str, Draftable] = {}


def register(
    *, key: str, form_class: type[forms.Form], may_use: Callable[[User, int | None], bool]
) -> None:
    """Let the form `form_class` keep drafts under `key` (called from an `AppConfig.ready()`)."""
    existing = _draftables.get(key)
    if existing is not None and existing.form_class is not form_class:
        raise ValueError(f"Draft key {key!r} is already registered for another form.")
    _draftables[key] = Draftable(key=key, form_class=form_class, may_use=may_use)


def draftable(key: str) -> tuple[Draftable, int | None] | None:
    """The registration a key names and the case id it carries; None for an unknown key."""
    whole = _draftables.get(key)
    if whole is not None and not whole.per_case:
        return whole, None
    prefix, colon, case_id = key.partition(":")
    per_case = _draftables.get(prefix + colon) if colon else None
    if per_case is not None and CASE_ID.fullmatch(case_id):
        return per_case, int(case_id)
    return None
