"""The case spine shared by every kind of case: deadlines from rule data, investigations,
decisions taken under delegation, interventions and the journal.

Each flow (children, later LSS) adds its own intake records and uses these for the rest.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skyddsnat.lib.dates import add_period, period_unit
from skyddsnat.organisation.models import DecisionType, District, Role, Unit
from skyddsnat.people.models import Person


class CaseKind(models.TextChoices):
    CHILDREN = "children", _("children and youth")
    LSS = "lss", _("LSS")
    # A participant in a targeted programme (SIG, SSPF, crime exit: skyddsnat.programmes).
    PROGRAMME = "programme", _("targeted programme")


class CaseStatus(models.TextChoices):
    PRE_ASSESSMENT = "pre_assessment", _("pre-assessment")
    INVESTIGATION = "investigation", _("investigation")
    DECIDED = "decided", _("decided")
    INTERVENTION = "intervention", _("intervention ongoing")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = [s for s in CaseStatus if s != CaseStatus.CLOSED]


class CaseChange(models.TextChoices):
    """What the last write of a case was, so a colleague working on an older view is told what
    changed (the version says that something did)."""

    REPORT = "report", _("a concern report was added")
    SAFETY_ASSESSMENT = "safety_assessment", _("a safety assessment was recorded")
    PRE_ASSESSMENT = "pre_assessment", _("the pre-assessment was decided")
    EXTENSION = "extension", _("the investigation was extended")
    DECISION = "decision", _("a decision was recorded")
    INTERVENTION_START = "intervention_start", _("an intervention was started")
    INTERVENTION_END = "intervention_end", _("an intervention was ended")
    DEADLINE_DONE = "deadline_done", _("a time limit was marked done")
    ASSIGNMENT = "assignment", _("the case was assigned")
    JOURNAL = "journal", _("a journal entry was written")
    EARLY_HELP = "early_help", _("early help was started")
    ELIGIBILITY = "eligibility", _("the eligibility group was assessed")
    INTERRUPTION = "interruption", _("an interruption was recorded")
    APPEAL = "appeal", _("an appeal was recorded")
    PLACE = "place", _("a place or queue entry changed")
    REFERRAL = "referral", _("a decision was sent to the one who may take it")
    GUARDIAN = "guardian", _("a guardian was added")
    CONSENT = "consent", _("a guardian's consent was recorded")
    INVESTIGATION = "investigation", _("the investigation's content was changed")
    COMMUNICATION = "communication", _("kommunicering was sent or answered")
    PERSON_MATCH = "person_match", _("the person was matched to a personal identity number")
    LVU = "lvu", _("an LVU decision or event was recorded")
    PLACEMENT = "placement", _("a placement was recorded")
    PROGRAMME = "programme", _("a programme's plan, meeting or end was recorded")
    PERSON_DETAILS = "person_details", _("the child's details for the statistics were changed")
    IMPLEMENTATION_DELAY = "implementation_delay", _("a delay of implementation was recorded")


class Case(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("caseworker"),
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Raised by every write of the case (cases.services.case_record_change, under the row lock):
    # the API's ETag and the pages' hidden version field, so a write based on an older view of
    # the case is refused instead of silently applied.
    version = models.PositiveIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_change = models.CharField(
        _("last change"), max_length=20, choices=CaseChange.choices, blank=True
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status_idx"),
            models.Index(fields=["kind", "district", "opened_at"], name="case_kind_district_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        prefix = {CaseKind.CHILDREN: "BU", CaseKind.PROGRAMME: "PR"}.get(CaseKind(self.kind), "LSS")
        return f"{prefix}-{self.opened_at:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("calendar days")
    MONTHS = "months", _("calendar months")


class DeadlineKind(models.TextChoices):
    SAFETY_ASSESSMENT = "safety_assessment", _("safety assessment")
    PRE_ASSESSMENT = "pre_assessment", _("pre-assessment")
    INVESTIGATION = "investigation", _("investigation")
    # LSS 28 f–h §§: a granted decision implemented, or an interruption ended, within 3 months.
    LSS_IMPLEMENTATION = "lss_implementation", _("implementation of an LSS decision")
    # LVU 11 §: immediate custody goes to the administrative court within one week, and the
    # application for care follows within four weeks; LVU 13 §: care reconsidered every 6 months.
    LVU_COURT_SUBMISSION = "lvu_court_submission", _("immediate custody submitted to the court")
    LVU_CARE_APPLICATION = "lvu_care_application", _("application for care under LVU")
    LVU_RECONSIDERATION = "lvu_reconsideration", _("reconsideration of care under LVU")
    # FL 25 §: the parties' time to reply to the material of an investigation (kommunicering).
    COMMUNICATION_REPLY = "communication_reply", _("reply to kommunicering")
    # The care flow (skyddsnat.care): LVU 13 § review of care under 3 §, the end of care at 18
    # (2 §) or 21 (3 §), and a placed child's follow-up (visits, SoL reconsideration, custody
    # transfer considered after two years in the same family home, then yearly).
    LVU_REVIEW = "lvu_review", _("review of care under LVU 3 §")
    LVU_CARE_END_2 = "lvu_care_end_2", _("end of care under LVU 2 §")
    LVU_CARE_END_3 = "lvu_care_end_3", _("end of care under LVU 3 §")
    PLACEMENT_VISIT = "placement_visit", _("visit to the placed child")
    PLACEMENT_RECONSIDERATION = "placement_reconsideration", _("reconsideration of the placement")
    CUSTODY_TRANSFER = "custody_transfer", _("consideration of transferring custody")
    CUSTODY_TRANSFER_YEARLY = (
        "custody_transfer_yearly",
        _("yearly consideration of transferring custody"),
    )


class DeadlineRule(models.Model):
    """A legal time limit as data, with its citation, so a municipality can correct it."""

    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices, unique=True)
    amount = models.PositiveSmallIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=6, choices=PeriodUnit.choices)
    # Reports that arrive after this local time count from the next day (e.g. safety assessment).
    late_receipt_cutoff = models.TimeField(_("late receipt after"), null=True, blank=True)
    extendable = models.BooleanField(_("may be extended"), default=False)
    # Done when staff record it (e.g. LVU: submitted to the court); the other limits are completed
    # by their own flow (the safety assessment, the pre-assessment and investigation decisions).
    completed_by_hand = models.BooleanField(_("marked done by hand"), default=False)
    # Recurring limits (LVU 13 §: care reconsidered every six months): once done, the next one
    # starts from that day while an intervention that starts this rule goes on.
    restarts_when_done = models.BooleanField(
        _("starts again when done while the intervention goes on"), default=False
    )
    citation = models.CharField(_("legal basis"), max_length=300)
    # What of the citation or the length has not been checked against the statute in force (e.g.
    # the renumbering of SFS 2025:400): rule data for whoever keeps the rules, never shown to staff.
    unverified = models.TextField(_("not yet verified"), blank=True)
    # How far an extendable limit may be moved in all, counted from its original due date: an
    # extension is "for a set time" (SoL 11 kap. 2 §), so an open-ended date is refused. Empty
    # amount: no extension beyond the original due date is allowed.
    extension_max_amount = models.PositiveSmallIntegerField(
        _("longest extension"), null=True, blank=True
    )
    extension_max_unit = models.CharField(
        _("unit of the longest extension"), max_length=6, choices=PeriodUnit.choices, blank=True
    )
    extension_citation = models.CharField(
        _("basis of the longest extension"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.amount} {self.get_unit_display()})"

    def due_from(self, start: dt.date, *, received_time: dt.time | None = None) -> dt.date:
        if (
            received_time is not None
            and self.late_receipt_cutoff is not None
            and received_time >= self.late_receipt_cutoff
        ):
            start += dt.timedelta(days=1)
        return add_period(start, self.amount, period_unit(self.unit))

    def latest_extended_due(self, original_due: dt.date) -> dt.date:
        """The latest date an extension may move a deadline of this rule to."""
        if self.extension_max_amount is None:
            return original_due
        return add_period(
            original_due, self.extension_max_amount, period_unit(self.extension_max_unit)
        )


class Deadline(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    starts_on = models.DateField(_("counted from"))
    original_due = models.DateField(_("original due date"))
    due = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # What staff noted when they marked a limit done by hand (e.g. the court's case number).
    done_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(
                fields=["due"], name="deadline_open_due_idx", condition=Q(done_at__isnull=True)
            ),
            models.Index(fields=["case", "kind"], name="deadline_case_kind_idx"),
            # "Mina ärenden": each case's nearest pending limit (filter and sort on it).
            models.Index(
                fields=["case", "due"],
                name="deadline_case_pending_idx",
                condition=Q(done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due < today


class DeadlineExtension(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    previous_due = models.DateField()
    new_due = models.DateField()
    reason = models.TextField(_("special reasons"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Extensions form one line: each starts from the due date the last one set, so two
            # extensions granted at once cannot both extend the same date (the history cannot
            # fork) and the deadline's due date is always the last one granted.
            models.UniqueConstraint(
                fields=["deadline", "previous_due"], name="deadline_extension_no_fork"
            ),
            models.CheckConstraint(
                condition=Q(new_due__gt=F("previous_due")), name="deadline_extension_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_due} → {self.new_due}"


class Investigation(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="investigation")
    opened_on = models.DateField(_("opened"))
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="investigation"
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.opened_on}"


class LegalBasis(models.TextChoices):
    SOL = "sol", _("SoL")
    LVU = "lvu", _("LVU")
    LSS = "lss", _("LSS")


class InterventionType(models.Model):
    """Catalogue of interventions: data a municipality loads (KSI codes are not public in code)."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=150)
    case_kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    is_placement = models.BooleanField(_("placement"), default=False)
    # New Social Services Act: some help is offered without an individual needs assessment.
    without_needs_assessment = models.BooleanField(
        _("offered without needs assessment"), default=False
    )
    # The act the intervention is given under: compulsory care (LVU) is counted apart in the
    # national register and is decided by the committee, not by an official.
    legal_basis = models.CharField(
        _("act"), max_length=3, choices=LegalBasis.choices, default=LegalBasis.SOL, db_index=True
    )
    citation = models.CharField(_("legal basis"), max_length=200, blank=True)
    # Interventions this one may follow on the same case without a new investigation (LVU: care
    # under 2 § or 3 § after immediate custody); the one it follows ends when this one starts.
    may_follow = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="followed_by",
        verbose_name=_("may follow"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")

    def __str__(self) -> str:
        return self.name


class CountsFrom(models.TextChoices):
    DECISION = "decision", _("the decision")
    START = "start", _("the start of the intervention")


class InterventionDeadline(models.Model):
    """A time limit that starts when an intervention of this type starts (e.g. LVU immediate
    custody: submission to the court within a week). Data, so a municipality can correct it."""

    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.CASCADE, related_name="deadline_rules"
    )
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    # The day the limit counts from (LVU 7 and 8 §§ count from the decision on custody).
    counts_from = models.CharField(
        _("counts from"), max_length=8, choices=CountsFrom.choices, default=CountsFrom.START
    )

    class Meta:
        verbose_name = _("deadline started by an intervention")
        verbose_name_plural = _("deadlines started by interventions")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention_type", "rule"], name="intervention_deadline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type_id}: {self.rule_id}"


class Outcome(models.TextChoices):
    GRANT = "grant", _("grant")
    REFUSE = "refuse", _("refuse")


# The outcome as a status, an adjective ("Beviljad", "Avslagen"); the choice labels are the verbs
# a decision form offers.
OUTCOME_STATUS = {
    Outcome.GRANT: pgettext_lazy("decision status", "Granted"),
    Outcome.REFUSE: pgettext_lazy("decision status", "Refused"),
}


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    decision_type = models.CharField(_("decision"), max_length=30, choices=DecisionType.choices)
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=6, choices=Outcome.choices, blank=True)
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    delegation = models.ForeignKey(
        "organisation.Delegation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            models.Index(fields=["case", "decision_type"], name="decision_case_type_idx"),
            models.Index(fields=["decision_type", "decided_on"], name="decision_type_date_idx"),
        ]
        constraints = [
            # One pre-assessment decision per report episode (a children's case is opened by a
            # report and ends with its pre-assessment or its investigation).
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(
                    decision_type__in=[
                        DecisionType.OPEN_INVESTIGATION,
                        DecisionType.NO_INVESTIGATION,
                    ]
                ),
                name="decision_one_pre_assessment",
            ),
            # At most one decision per requested intervention: grant and refuse of the same
            # intervention on one case cannot both be recorded.
            models.UniqueConstraint(
                fields=["case", "intervention_type"],
                condition=Q(decision_type=DecisionType.INTERVENTION),
                name="decision_once_per_intervention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()} {self.decided_on}"

    @property
    def outcome_status(self) -> str:
        """ "Beviljad" or "Avslagen" (`OUTCOME_STATUS`); empty for a decision without outcome."""
        label = OUTCOME_STATUS.get(Outcome(self.outcome)) if self.outcome else None
        return str(label) if label else ""


class Intervention(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions"
    )
    intervention_type = models.ForeignKey(InterventionType, on_delete=models.PROTECT)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    cost_sek = models.PositiveIntegerField(_("cost (SEK)"), default=0)
    provider = models.CharField(_("provider"), max_length=200, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        indexes = [models.Index(fields=["case", "started_on"], name="intervention_case_start_idx")]
        constraints = [
            # A decision grants one intervention: starting it twice (two clicks, two colleagues)
            # cannot make two interventions and two costs. No decision today grants several.
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(decision__isnull=False),
                name="intervention_once_per_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type_id} {self.started_on}"


class JournalEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.written_at:%Y-%m-%d %H:%M}"


class ReferralStatus(models.TextChoices):
    # Statuses as adjectives, as the queue and the case page show them.
    PENDING = "pending", _("waiting for a decision")
    GRANTED = "granted", pgettext_lazy("referral status", "Granted")
    REFUSED = "refused", pgettext_lazy("referral status", "Refused")


class Referral(models.Model):
    """A decision the user's delegation does not cover, sent to the role that may take it ("Skicka
    till …", issue 9 point 7): an extension of the investigation asked for by the caseworker, or
    a prepared decision on an intervention. The one who may decide finds it in their queue
    ("Beslut att fatta") and decides with the ordinary service (`investigation_extend`,
    `case_decide`), so the delegation order is asked once, where the decision is taken.

    LSS keeps its own `lss.DecisionReferral` for a requested intervention (with scope and
    validity); this is the spine's, used by the children's flow."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    decision_type = models.CharField(_("decision"), max_length=30, choices=DecisionType.choices)
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention"),
    )
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=6, choices=Outcome.choices, blank=True
    )
    # An extension: the date the caseworker proposes (the decider sets the one granted).
    proposed_due = models.DateField(_("proposed new due date"), null=True, blank=True)
    reason = models.TextField(_("reasons"))
    sent_to_role = models.CharField(_("sent to"), max_length=20, choices=Role.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    answer = models.TextField(_("the decider's reasons"), blank=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension = models.ForeignKey(
        DeadlineExtension, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("decision sent to the one who may take it")
        verbose_name_plural = _("decisions sent to the one who may take them")
        indexes = [
            models.Index(
                fields=["sent_to_role", "sent_at"],
                name="referral_pending_idx",
                condition=Q(status="pending"),
            )
        ]
        constraints = [
            # One waiting request per decision of a case: a second "send" (two clicks, two
            # colleagues) cannot put the same question twice in the manager's queue.
            models.UniqueConstraint(
                fields=["case", "decision_type"],
                condition=Q(status="pending", intervention_type__isnull=True),
                name="referral_one_pending",
            ),
            models.UniqueConstraint(
                fields=["case", "decision_type", "intervention_type"],
                condition=Q(status="pending", intervention_type__isnull=False),
                name="referral_one_pending_per_intervention",
            ),
            # Decided exactly when it has a decider and a time.
            models.CheckConstraint(
                condition=(
                    Q(status="pending", decided_at__isnull=True, decided_by__isnull=True)
                    | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False))
                ),
                name="referral_decided_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.decision_type} → {self.sent_to_role}"

    @property
    def is_pending(self) -> bool:
        return self.status == ReferralStatus.PENDING
