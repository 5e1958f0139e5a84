"""Reads of drafts: only the author's own, and only while not expired."""

from django.utils import timezone

from skyddsnat.audit.services import audit_log
from skyddsnat.drafts.models import DRAFT_LIFETIME, Draft
from skyddsnat.drafts.permissions import DraftForm
from skyddsnat.organisation.models import User


def draft_restore(*, user: User, form: DraftForm) -> Draft | None:
    """The user's draft of the form, to fill the form in again (logged), or None."""
    draft = Draft.objects.filter(
        user=user, key=form.key, updated_at__gte=timezone.now() - DRAFT_LIFETIME
    ).first()
    if draft is not None:
        audit_log(user=user, action="drafts.draft.restore", case_id=form.case_id, key=form.key)
    return draft
