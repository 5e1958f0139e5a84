"""Writes of drafts: save (autosave), discard, and the purge of expired drafts."""

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.drafts.models import DRAFT_LIFETIME, Draft
from skyddsnat.drafts.permissions import DraftForm
from skyddsnat.organisation.models import User


def _clean(form: DraftForm, data: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Only the form's known fields are kept (the rest, like the CSRF token, is dropped); a known
    field sent twice or longer than its limit refuses the whole draft."""
    cleaned: dict[str, str] = {}
    for name, limit in form.fields.items():
        if name not in data:
            continue
        values = list(data[name])
        if len(values) != 1 or not isinstance(values[0], str):
            raise ValidationError({name: _("One value is expected.")})
        if len(values[0]) > limit:
            raise ValidationError({name: _("The text is too long to be saved as a draft.")})
        cleaned[name] = values[0]
    if not cleaned:
        raise ValidationError(_("The draft holds none of the form's fields."))
    return cleaned


def draft_save(*, user: User, form: DraftForm, data: Mapping[str, Sequence[str]]) -> Draft:
    """Keep the form's current fields as the user's draft of it (one draft per user and form).

    `form` comes from `permissions.draft_form_for_user`, which has checked the user's access.
    """
    cleaned = _clean(form, data)
    with transaction.atomic():
        draft, created = Draft.objects.update_or_create(
            user=user, key=form.key, defaults={"data": cleaned}
        )
        # Only the first save of a draft is logged, not every autosave: an autosave runs every
        # few seconds of typing and would bury the log in entries that say nothing new. The
        # draft is read back only through a restore, which is logged each time.
        if created:
            audit_log(
                user=user,
                action="drafts.draft.create",
                case_id=form.case_id,
                key=form.key,
                fields=sorted(cleaned),
            )
    return draft


def draft_discard(*, user: User, key: str) -> None:
    """Delete the user's draft of a form: the user threw it away, or the form was submitted."""
    with transaction.atomic():
        Draft.objects.filter(user=user, key=key).delete()


def drafts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete every draft not saved for DRAFT_LIFETIME; returns how many."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    with transaction.atomic():
        deleted, _counts = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
