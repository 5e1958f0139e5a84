"""What the spine registers at startup (`CasesConfig.ready()`): the journal entry keeps a draft
per case. Drafts sits below the spine and imports no form; each form registers itself."""

from skyddsnat.cases import policy
from skyddsnat.cases.forms import JOURNAL_DRAFT_PREFIX, JournalForm
from skyddsnat.drafts.registry import register as register_draftable
from skyddsnat.organisation.models import User


def may_write_journal(user: User, case_id: int | None) -> bool:
    """A case worker's journal of a case they see (a case they do not see answers 404)."""
    if not policy.works_with_cases(user) or case_id is None:
        return False
    policy.get_case_for_user(user, case_id)
    return True


register_draftable(key=JOURNAL_DRAFT_PREFIX, form_class=JournalForm, may_use=may_write_journal)
