"""Forms of the investigation page. They convert and check shape only; the services hold the
rules (`investigations.services`)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import LineField, PastDateField, PlannedDateField, TextField
from skyddsnat.cases.models import CaseKind, InterventionType, LegalBasis
from skyddsnat.investigations.models import AREA_SECTIONS, EndingReason, NotHeldReason

SECTION_DRAFT_PREFIX = "investigations.section."


class _OwnIds:
    """The page holds many forms with fields of the same name (`reason`, `decided_on`, `text`):
    each form's element ids carry its own prefix, so labels and error ids stay unique."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def section_draft_key(kind: str) -> str:
    """The drafts registry's key prefix of one part; the case id follows it."""
    return f"{SECTION_DRAFT_PREFIX}{kind}:"


class SectionDraftForm(forms.Form):
    """What a part's autosaved draft keeps: its text and sources (drafts registry)."""

    text = TextField(label=_("Text"), rows=8, required=False)
    sources = TextField(label=_("Sources"), rows=2, required=False)


class SectionForm(SectionDraftForm):
    # The part's version the page showed: a colleague's save in between is refused (409).
    section_version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, **kwargs):
        kwargs.setdefault("auto_id", f"id_{kind}_%s")
        super().__init__(*args, **kwargs)
        if kind not in AREA_SECTIONS:
            del self.fields["sources"]


class ConversationForm(_OwnIds, forms.Form):
    id_prefix = "conversation"
    held = forms.TypedChoiceField(
        label=_("Was the conversation held?"),
        choices=[("yes", _("Yes")), ("no", _("No, not held"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    held_on = PastDateField(label=_("Date"), required=False)
    held_by = LineField(label=_("Held by"), required=False)
    place = LineField(label=_("Where"), required=False)
    not_held_reason = forms.ChoiceField(
        label=_("Reason it was not held"),
        choices=[("", "—"), *NotHeldReason.choices],
        required=False,
    )
    notes = TextField(label=_("Notes"), required=False)


class CommunicationForm(_OwnIds, forms.Form):
    id_prefix = "communication"
    sent_on = PastDateField(label=_("Sent on"))
    reply_by = PlannedDateField(
        label=_("Reply by"),
        required=False,
        help_text=_("Empty: the reply period of the rule data."),
    )
    material = TextField(label=_("Material sent"))


class ReplyForm(_OwnIds, forms.Form):
    id_prefix = "reply"
    party = forms.TypedChoiceField(label=_("Party"), coerce=int, choices=[])
    replied_on = PastDateField(label=_("Replied on"))
    reply = TextField(label=_("Reply"), required=False)

    def __init__(self, *args, parties: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = parties  # type: ignore[attr-defined]


class OverrideForm(_OwnIds, forms.Form):
    id_prefix = "override"
    reason = TextField(label=_("Why the decision cannot wait for the replies"))


class EndingForm(_OwnIds, forms.Form):
    id_prefix = "ending"
    decided_on = PastDateField(label=_("Decided on"))
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=EndingReason.choices)
    reasons = TextField(label=_("Reasons for the decision"), rows=4)
    follow_up_offered = forms.TypedChoiceField(
        label=_("Follow-up after the ending offered"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class InterventionsForm(_OwnIds, forms.Form):
    """End the investigation with decisions on one or more interventions."""

    id_prefix = "interventions"

    decided_on = PastDateField(label=_("Decided on"))
    granted = forms.ModelMultipleChoiceField(
        label=_("Granted interventions"),
        queryset=InterventionType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    refused = forms.ModelMultipleChoiceField(
        label=_("Refused interventions"),
        queryset=InterventionType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = TextField(label=_("Reasons for the decision"), rows=4)

    def __init__(self, *args, choices: "QuerySet[InterventionType]", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("granted", "refused"):
            self.fields[name].queryset = choices  # type: ignore[attr-defined]


def decidable_interventions() -> "QuerySet[InterventionType]":
    """Decided after an investigation: the catalogue's children's interventions, except those
    given without a needs assessment, those that only follow an ongoing one, and LVU (recorded
    in the case's LVU section, skyddsnat.care)."""
    return (
        InterventionType.objects.filter(case_kind=CaseKind.CHILDREN, without_needs_assessment=False)
        .exclude(may_follow__isnull=False)
        .exclude(legal_basis=LegalBasis.LVU)
    )
