"""LSS (SFS 1993:387) on the case spine.

The spine carries the case, the investigation, one `cases.Decision` per requested intervention,
the `cases.Intervention` that implements it and the deadlines. This app adds what only LSS has:
the application with its requested interventions, the eligibility group (personkrets), the scope
and validity of a grant, who provides it, interruptions and appeals. Each LSS row hangs on a spine
row, so follow-up and "Mina ärenden" see LSS cases like any other.

Places and queues (`Facility`, `QueueEntry`, `Offer`) are generic: a `ResourceKind` row says which
interventions (of any kind of case) wait for which kind of place, so a school resource group or
sheltered housing needs data, not code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import (
    OUTCOME_STATUS,
    Case,
    Deadline,
    Decision,
    Intervention,
    InterventionType,
    Outcome,
)
from skyddsnat.organisation.models import District, Role


class ApplicantRole(models.TextChoices):
    PERSON = "person", _("the person themselves")
    GUARDIAN = "guardian", _("guardian")
    LEGAL_REPRESENTATIVE = "legal_representative", _("legal representative (god man, förvaltare)")


class EligibilityGroup(models.IntegerChoices):
    GROUP_1 = 1, _("1: intellectual disability, autism")
    GROUP_2 = 2, _("2: lasting intellectual impairment after brain injury in adulthood")
    GROUP_3 = 3, _("3: other large, lasting physical or mental impairments")


class InterventionRule(models.Model):
    """What LSS 9 § says about one intervention, as data a municipality can correct."""

    intervention_type = models.OneToOneField(
        InterventionType, on_delete=models.CASCADE, related_name="lss_rule"
    )
    paragraph = models.PositiveSmallIntegerField(_("point of LSS 9 §"), unique=True)
    # Groups (personkrets) for whom the intervention may be granted, e.g. "1,2" for daily activity.
    eligible_groups = models.CharField(_("eligibility groups"), max_length=10, default="1,2,3")
    # 9 § 1 (advice and support) is normally the region's responsibility, not the municipality's.
    normally_region = models.BooleanField(_("normally provided by the region"), default=False)
    scope_unit = models.CharField(_("scope unit"), max_length=30, blank=True)
    # Age limits at the application date (e.g. 9 § 7 for pupils over 12, 9 § 9 for adults).
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    # The right ends on this birthday (9 § 10 daily activity: working age, HFD 2014:41): no grant
    # from that day, and a grant is valid until the day before it at the latest.
    ends_at_age = models.PositiveSmallIntegerField(
        _("the right ends at the age of"), null=True, blank=True
    )
    age_citation = models.CharField(_("citation for the age limits"), max_length=200, blank=True)
    in_october_statistics = models.BooleanField(_("in the 1 October statistics"), default=True)

    class Meta:
        ordering = ["paragraph"]
        verbose_name = _("LSS intervention rule")
        verbose_name_plural = _("LSS intervention rules")

    def __str__(self) -> str:
        return f"9 § {self.paragraph}"

    @property
    def groups(self) -> set[int]:
        return {int(g) for g in self.eligible_groups.split(",") if g.strip()}


class Application(models.Model):
    """An application for one or more LSS interventions (ansökan)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="lss_application")
    applicant_role = models.CharField(_("applicant"), max_length=24, choices=ApplicantRole.choices)
    applicant_name = models.CharField(_("applicant's name"), max_length=200, blank=True)
    received_on = models.DateField(_("received"))
    description = models.TextField(_("what is applied for"), blank=True)
    # Empty for an application sent through the e-service (`channel`).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    # As children.Channel (the flows do not import each other).
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[("staff", _("registered by staff")), ("eservice", _("e-service"))],
        default="staff",
        db_default="staff",
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("LSS application")
        verbose_name_plural = _("LSS applications")
        indexes = [models.Index(fields=["received_on"], name="lss_application_received_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference}"


class RequestedIntervention(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests")
    intervention_type = models.ForeignKey(InterventionType, on_delete=models.PROTECT)
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="lss_request"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "intervention_type"], name="lss_request_once_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.intervention_type_id}"


class EligibilityAssessment(models.Model):
    """The investigation's assessment of the eligibility group; no group means outside LSS."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="eligibility"
    )
    group = models.PositiveSmallIntegerField(
        _("eligibility group"), choices=EligibilityGroup.choices, null=True, blank=True
    )
    assessed_on = models.DateField(_("assessed on"))
    reasoning = models.TextField(_("reasoning"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"personkrets {self.group or '-'}"


class ScopeUnit(models.TextChoices):
    HOURS_PER_WEEK = "hours_week", _("hours per week")
    HOURS_PER_MONTH = "hours_month", _("hours per month")
    DAYS_PER_MONTH = "days_month", _("days per month")
    NONE = "", _("no scope")


class DecisionTerms(models.Model):
    """A grant's scope and validity, and the 3-month implementation deadline (LSS 28 f §)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="lss_terms")
    scope_amount = models.DecimalField(
        _("scope"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    scope_unit = models.CharField(
        _("scope unit"), max_length=12, blank=True, choices=ScopeUnit.choices
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    implementation_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="lss_terms"
    )
    # Set when the decision letter has been served (delgivning); the appeal time runs from then.
    served_on = models.DateField(_("served on"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.scope_amount or ''} {self.scope_unit}".strip()


class ProviderKind(models.TextChoices):
    OWN = "own", _("own unit")
    EXTERNAL = "external", _("external provider")


class Implementation(models.Model):
    """Verkställighet: who provides the intervention the spine's `Intervention` records."""

    intervention = models.OneToOneField(
        Intervention, on_delete=models.CASCADE, related_name="lss_implementation"
    )
    provider_kind = models.CharField(_("provider"), max_length=8, choices=ProviderKind.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return self.provider_kind


class Interruption(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="lss_interruptions"
    )
    starts_on = models.DateField(_("interrupted from"))
    ends_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="lss_interruption"
    )

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on or ''}"


class CourtOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    REJECTED = "rejected", _("appeal rejected, decision stands")
    CHANGED = "changed", _("decision changed by the court")
    RETURNED = "returned", _("returned to the committee")
    WITHDRAWN = "withdrawn", _("appeal withdrawn")


class Appeal(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lss_appeals")
    received_on = models.DateField(_("appeal received"))
    outcome = models.CharField(
        _("court outcome"),
        max_length=10,
        choices=CourtOutcome.choices,
        default=CourtOutcome.PENDING,
    )
    outcome_on = models.DateField(_("judgment date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.outcome}"


# --- Places and queues (generic: any kind of case, any capacity) ---------------------------------


class ResourceKind(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=150)
    citation = models.CharField(_("legal basis"), max_length=200, blank=True)
    # Granted decisions for these interventions wait in this kind's queue.
    intervention_types = models.ManyToManyField(
        InterventionType, related_name="resource_kinds", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kind of place")
        verbose_name_plural = _("kinds of place")

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """A unit with places: a group home, a school resource group, a sheltered flat."""

    resource_kind = models.ForeignKey(
        ResourceKind, on_delete=models.PROTECT, related_name="facilities"
    )
    name = models.CharField(_("name"), max_length=150)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="facilities"
    )
    places = models.PositiveSmallIntegerField(_("places"))
    provider_kind = models.CharField(
        _("provider"), max_length=8, choices=ProviderKind.choices, default=ProviderKind.OWN
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


class QueueStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    PLACED = "placed", _("placed")
    LEFT = "left", _("left the place")
    WITHDRAWN = "withdrawn", _("withdrawn")


class QueueEntry(models.Model):
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="queue_entry")
    resource_kind = models.ForeignKey(ResourceKind, on_delete=models.PROTECT, related_name="queue")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    queued_on = models.DateField(_("in the queue since"))
    status = models.CharField(
        _("status"), max_length=10, choices=QueueStatus.choices, default=QueueStatus.WAITING
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["queued_on", "pk"]
        indexes = [
            models.Index(fields=["resource_kind", "status"], name="lss_queue_kind_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.resource_kind_id} {self.queued_on}"


class OfferAnswer(models.TextChoices):
    PENDING = "pending", _("awaiting answer")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class Offer(models.Model):
    entry = models.ForeignKey(QueueEntry, on_delete=models.CASCADE, related_name="offers")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="offers")
    offered_on = models.DateField(_("offered on"))
    answer = models.CharField(
        _("answer"), max_length=8, choices=OfferAnswer.choices, default=OfferAnswer.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.offered_on} {self.answer}"


class DecisionReferral(models.Model):
    """A decision prepared by an officer whose delegation does not cover it (e.g. housing, LSS
    9 § 8–9) and sent to the role that may take it, who finds it in "Beslut att fatta" (issue 9
    point 7): the officer is offered "send to …" instead of a form that fails on submit."""

    request = models.OneToOneField(
        RequestedIntervention, on_delete=models.CASCADE, related_name="referral"
    )
    sent_to_role = models.CharField(_("sent to"), max_length=20, choices=Role.choices)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=6, choices=Outcome.choices
    )
    scope_amount = models.DecimalField(
        _("scope"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    scope_unit = models.CharField(
        _("scope unit"), max_length=12, choices=ScopeUnit.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reason = models.TextField(_("reasons"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("decision sent for decision")
        verbose_name_plural = _("decisions sent for decision")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.sent_to_role}"

    @property
    def proposed_status(self) -> str:
        """ "Beviljad" or "Avslagen", as the decision would read."""
        return str(OUTCOME_STATUS[Outcome(self.proposed_outcome)])


# --- Decisions not implemented in time (LSS 28 f–h §§): what the report to IVO asks -------------


class DelayReason(models.TextChoices):
    NO_PLACE = "no_place", _("no suitable housing or place")
    NO_STAFF = "no_staff", _("no assistant, contact person or other staff found")
    DECLINED_OFFER = "declined_offer", _("the person declined an offer")
    OWN_WISHES = "own_wishes", _("the person's own wishes")
    OTHER = "other", _("other reason")


class SupportMeanwhile(models.TextChoices):
    NONE = "none", _("no other support")
    OTHER_LSS = "other_lss", _("another LSS intervention")
    SOL = "sol", _("support under the Social Services Act")
    FAMILY = "family", _("the family or network")
    OTHER = "other", _("other support")


class ClosureReason(models.TextChoices):
    DECLINED = "declined", _("the person declined the intervention")
    MOVED = "moved", _("the person moved from the municipality")
    DIED = "died", _("the person died")
    NO_LONGER_NEEDED = "no_longer_needed", _("the person no longer needs the intervention")
    OTHER = "other", _("other reason")


class ImplementationDelay(models.Model):
    """Why a granted decision is not implemented in time, what it means for the person, what they
    got meanwhile, and whether the decision ended without implementation (LSS 28 f–h §§; the
    facts IVO's quarterly report asks for). One per decision; each write is audited with the
    values it set (`lss.implementation_delay.record`)."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="implementation_delay"
    )
    reason = models.CharField(_("reason for the delay"), max_length=16, choices=DelayReason)
    reason_text = models.TextField(_("the reason in words"), blank=True)
    consequences = models.TextField(_("consequences for the person"), blank=True)
    support_kind = models.CharField(
        _("support given meanwhile"), max_length=10, choices=SupportMeanwhile, blank=True
    )
    support_text = models.TextField(_("the support meanwhile in words"), blank=True)
    closed_reason = models.CharField(
        _("ended without implementation"), max_length=16, choices=ClosureReason, blank=True
    )
    closed_on = models.DateField(_("ended on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("implementation delay")
        verbose_name_plural = _("implementation delays")
        constraints = [
            # Closed means both: the reason and the day.
            models.CheckConstraint(
                condition=(models.Q(closed_reason="") & models.Q(closed_on__isnull=True))
                | (~models.Q(closed_reason="") & models.Q(closed_on__isnull=False)),
                name="lss_delay_closed_reason_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.reason}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class DelayOfferAnswer(models.TextChoices):
    PENDING = "pending", _("awaiting answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class DelayOffer(models.Model):
    """An offer made to the person while the decision waits (a place, an assistant, a contact
    person), with the answer."""

    delay = models.ForeignKey(ImplementationDelay, on_delete=models.CASCADE, related_name="offers")
    offered_on = models.DateField(_("offered on"))
    offered = models.CharField(_("what was offered"), max_length=200)
    answer = models.CharField(
        _("answer"), max_length=8, choices=DelayOfferAnswer, default=DelayOfferAnswer.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.offered_on} {self.offered} {self.answer}"
