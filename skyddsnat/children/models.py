"""Children and youth: concern reports and safety assessments. The rest of the flow
(pre-assessment, investigation, decision, intervention) lives on the case spine."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case, Deadline, InterventionType
from skyddsnat.organisation.models import District, Unit
from skyddsnat.people.models import Person


class ReporterType(models.TextChoices):
    PROFESSIONAL = "professional", _("professional with duty to report")
    PRIVATE = "private", _("private person")
    ANONYMOUS = "anonymous", _("anonymous")


class Channel(models.TextChoices):
    """How a report or application reached the social services (shared by the flows' intake
    records): typed in by staff, or sent through the public e-service (skyddsnat.eservices)."""

    STAFF = "staff", _("registered by staff")
    ESERVICE = "eservice", _("e-service")


class Report(models.Model):
    """A concern report (orosanmälan). Every report gets its own safety assessment."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reports")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reports")
    # None in a municipality without districts (one committee for the whole municipality).
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    received_at = models.DateTimeField(_("received"))
    reporter_type = models.CharField(_("reporter"), max_length=12, choices=ReporterType.choices)
    reporter_name = models.CharField(
        _("reporter's name or organisation"), max_length=200, blank=True
    )
    description = models.TextField(_("description"))
    # Empty for a report sent through the e-service (`channel`): nobody on the staff typed it in.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    # db_default too: rows written in SQL (the benchmarks, a bulk load) are staff's.
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.STAFF,
        db_default=Channel.STAFF,
    )
    safety_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, related_name="report"
    )

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("concern report")
        verbose_name_plural = _("concern reports")
        indexes = [
            models.Index(fields=["district", "received_at"], name="report_district_received_idx")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.received_at:%Y-%m-%d %H:%M}"


class SafetyAssessment(models.Model):
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, related_name="safety_assessment"
    )
    assessed_at = models.DateTimeField(_("assessed"))
    immediate_protection_needed = models.BooleanField(_("immediate protection needed"))
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("safety assessment")
        verbose_name_plural = _("safety assessments")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.assessed_at:%Y-%m-%d %H:%M}"


class EarlyHelp(models.Model):
    """An intervention offered directly, without an individual needs assessment (insats utan
    individuell behovsprövning, SoL 2025:400): no investigation and no decision under delegation;
    the committee's general decision to offer the intervention type is the legal basis (its
    citation is on the intervention type). Kept minimal on purpose."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="early_help", verbose_name=_("child")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="early_help")
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="early_help",
        verbose_name=_("intervention"),
    )
    # The case (and so the report) it came from, e.g. after a decision not to investigate.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="early_help"
    )
    # Help asked for without a case: the child's names as the unit registered them. The unit sees
    # the child's record only through a case it may see, so its lists show these names, never
    # what the register holds (which may be another district's protected child). Empty for help
    # from a case, whose child the unit sees through the case.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    consent_given = models.BooleanField(_("guardians' consent"), default=False)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("early help")
        verbose_name_plural = _("early help")
        indexes = [
            models.Index(fields=["unit", "ended_on"], name="early_help_unit_ended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.intervention_type_id} {self.started_on}"

    @property
    def child_first_name(self) -> str:
        return self.person.first_name if self.case_id else self.first_name

    @property
    def child_last_name(self) -> str:
        return self.person.last_name if self.case_id else self.last_name

    @property
    def child_name(self) -> str:
        """The name the unit knows the child by (see `first_name`)."""
        return f"{self.child_first_name} {self.child_last_name}"


class ConsentRule(models.Model):
    """Rule data: from which age a child may receive early help (open interventions) without the
    guardians' consent. Below it, each guardian's consent is recorded (`GuardianConsent`)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    age = models.PositiveSmallIntegerField(_("from the age of"))
    citation = models.CharField(_("citation"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("consent rule")
        verbose_name_plural = _("consent rules")

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", _("consent given")
    REFUSED = "refused", _("consent refused")


class GuardianConsent(models.Model):
    """One guardian's answer to one early help: given or refused, and when."""

    early_help = models.ForeignKey(
        EarlyHelp, on_delete=models.CASCADE, related_name="guardian_consents"
    )
    guardian = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("guardian")
    )
    answer = models.CharField(_("answer"), max_length=8, choices=ConsentAnswer.choices)
    answered_on = models.DateField(_("answered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["early_help", "pk"]
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")
        constraints = [
            models.UniqueConstraint(
                fields=["early_help", "guardian"], name="guardian_consent_once_per_guardian"
            )
        ]

    def __str__(self) -> str:
        return f"{self.early_help_id}: {self.guardian_id} {self.answer}"


class PreAssessmentExceptionalReasons(models.Model):
    """A decision not to open an investigation recorded after the pre-assessment's 14 days: the
    exceptional reasons (synnerliga skäl) the law asks for then, without which the service
    refuses the decision (issue 9 point 3; the limit and its citation are the pre-assessment's
    `DeadlineRule`)."""

    decision = models.OneToOneField(
        "cases.Decision", on_delete=models.PROTECT, related_name="exceptional_reasons"
    )
    reasons = models.TextField(_("exceptional reasons"))
    days_late = models.PositiveIntegerField(_("days after the time limit"))

    class Meta:
        verbose_name = _("exceptional reasons for a late pre-assessment")
        verbose_name_plural = _("exceptional reasons for late pre-assessments")

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.days_late}"


# ----- violence (issue 10 point 5) ----------------------------------------------------------------


class ViolenceKind(models.TextChoices):
    """The kinds of violence in Socialstyrelsen's terms (våld i nära relationer, hedersrelaterat
    våld och förtryck). A report may name several."""

    PHYSICAL = "physical", _("physical violence")
    PSYCHOLOGICAL = "psychological", _("psychological violence")
    SEXUAL = "sexual", _("sexual violence")
    ECONOMIC = "economic", _("material and economic violence")
    NEGLECT = "neglect", _("neglect")
    HONOUR = "honour", _("honour-related violence and oppression")
    FORCED_MARRIAGE = "forced_marriage", _("forced marriage or child marriage")
    GENITAL_MUTILATION = "genital_mutilation", _("female genital mutilation")


class ViolenceExposure(models.TextChoices):
    """How the child met the violence: exposed to it, or witnessed it (against a close person)."""

    EXPOSED = "exposed", _("the child was exposed to violence")
    WITNESSED = "witnessed", _("the child witnessed violence")


class ImmediateInvestigationRule(models.Model):
    """Rule data: a report marked with violence of this kind (empty: any kind) that the child was
    exposed to or witnessed opens an investigation at once, without waiting for the pre-assessment
    (domain.md §3: "children who witnessed violence are investigated without delay"). What of the
    citation could not be verified is kept in `unverified`, shown in the admin only."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    exposure = models.CharField(_("exposure"), max_length=10, choices=ViolenceExposure.choices)
    kind = models.CharField(
        _("kind of violence"), max_length=20, choices=ViolenceKind.choices, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    citation = models.CharField(_("citation"), max_length=300)
    unverified = models.TextField(_("not verified"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rule for an immediate investigation")
        verbose_name_plural = _("rules for an immediate investigation")
        constraints = [
            models.UniqueConstraint(
                fields=["exposure", "kind"], name="immediate_investigation_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"

    def applies(self, *, kinds: list[str], exposed: bool, witnessed: bool) -> bool:
        if not self.active:
            return False
        if not (exposed if self.exposure == ViolenceExposure.EXPOSED else witnessed):
            return False
        return not self.kind or self.kind in kinds


class ReportViolence(models.Model):
    """What a report says of violence: the kinds, and whether the child was exposed to it or
    witnessed it. One per report (a database constraint: two marks at once give one and a 409).
    `investigation_opened`: the marking opened the investigation at once under `rule`."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="violence")
    # A list of `ViolenceKind` values (JSON, so the SQLite demo stores it too), checked by the
    # service.
    kinds = models.JSONField(_("kinds of violence"), default=list)
    child_exposed = models.BooleanField(_("the child was exposed to violence"), default=False)
    child_witnessed = models.BooleanField(_("the child witnessed violence"), default=False)
    rule = models.ForeignKey(
        ImmediateInvestigationRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    investigation_opened = models.BooleanField(_("investigation opened at once"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("violence in a report")
        verbose_name_plural = _("violence in reports")

    def __str__(self) -> str:
        return f"{self.report_id}: {', '.join(self.kinds)}"

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(ViolenceKind.choices)
        return [str(labels[k]) for k in self.kinds if k in labels]
