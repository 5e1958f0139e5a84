"""Follow-up data that is entered rather than derived: budgets per programme and district, the map
from interventions to programmes, and staff figures per unit. Reaction times, caseloads and
actual costs are computed from the case records (see equality.py and selectors.py)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import CaseKind, InterventionType
from skyddsnat.cases.policy import BUDGET_GROUP  # noqa: F401  (tests and migrations name it here)
from skyddsnat.organisation.models import District, Role, Unit, UnitKind

# The Django auth group whose members enter and adjust budgets (controllers, budget staff).


class BudgetYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")

    def __str__(self) -> str:
        return str(self.year)


class Programme(models.Model):
    """A budget programme (verksamhet) that allocations and actual costs are followed up on."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Only when the interventions recorded here are the programme's whole cost is the recorded
    # cost comparable with an allocation of base + change (LSS: most of the 4 billion is paid
    # outside the case records, so it is not).
    costs_complete = models.BooleanField(_("recorded costs are the whole cost"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeMapping(models.Model):
    """Which interventions count as a programme's actual cost: by intervention type, or every
    intervention of a case kind. A type-specific line wins over a case-kind line."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mappings")
    intervention_type = models.OneToOneField(
        InterventionType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    case_kind = models.CharField(
        _("case kind"), max_length=10, choices=CaseKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("programme mapping")
        verbose_name_plural = _("programme mappings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(intervention_type__isnull=False) & Q(case_kind=""))
                | (Q(intervention_type__isnull=True) & ~Q(case_kind="")),
                name="programme_mapping_type_or_kind",
            ),
            models.UniqueConstraint(
                fields=["case_kind"],
                condition=~Q(case_kind=""),
                name="programme_mapping_one_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type or self.get_case_kind_display()} → {self.programme}"


class BudgetLine(models.Model):
    """One allocation: a programme in a year, city-wide (no district) or for one district.

    The change may be stated as an amount, a percentage or both ("+4.4 %, 177 MSEK"); the service
    stores all three of base, change and percentage, deriving what the source left out. The base
    stays empty when the source states only an addition ("10 MSEK more for crime exit").
    """

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="lines")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="lines")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    base_sek = models.BigIntegerField(_("base (SEK)"), null=True, blank=True)
    change_sek = models.BigIntegerField(_("change (SEK)"), default=0)
    change_percent = models.DecimalField(
        _("change (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # What the change pays for: a change without a known base is compared with the cost of these
    # interventions, never with the whole programme's.
    funds = models.ManyToManyField(
        InterventionType, blank=True, related_name="+", verbose_name=_("the change funds")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["programme__name", "district__name"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "programme", "district"], name="budget_line_unique"
            ),
            models.UniqueConstraint(
                fields=["year", "programme"],
                condition=Q(district__isnull=True),
                name="budget_line_unique_citywide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.programme}"

    @property
    def allocation_sek(self) -> int:
        """Base plus change; only the change when the source states no base (an earmarked sum)."""
        return (self.base_sek or 0) + self.change_sek


class EmployerContributionRate(models.Model):
    """The employer's social contributions (arbetsgivaravgifter) of a year, in per cent of gross
    salary: rule data with its citation, so that a municipality can correct it or enter its own
    personnel overhead (PO-pålägg, which also covers agreed pensions and insurance) instead."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    percent = models.DecimalField(
        _("employer's contributions (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    source = models.TextField(_("source"), blank=True)
    # False until someone has checked the rate against the law (or the municipality's own rate).
    verified = models.BooleanField(_("verified against the source"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("employer's contribution rate")
        verbose_name_plural = _("employer's contribution rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="employer_contribution_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent} %"


class StaffCostMapping(models.Model):
    """Which staff are a programme's cost: the staff figures of a role (optionally only in units
    of one kind), per district unit. The programme's budget lines are then compared with the
    estimated staff cost (employees × median monthly salary × 12 × (1 + the year's employer's
    contributions)) plus the cost of its interventions."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="staff_mappings"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Empty: the role's figures of every kind of unit.
    unit_kind = models.CharField(
        _("unit kind"), max_length=12, choices=UnitKind.choices, blank=True
    )

    class Meta:
        ordering = ["programme__name", "role", "unit_kind"]
        verbose_name = _("staff-cost mapping")
        verbose_name_plural = _("staff-cost mappings")
        constraints = [
            # A role's figures count for one programme only, or they would be counted twice.
            models.UniqueConstraint(fields=["role", "unit_kind"], name="staff_cost_mapping_unique")
        ]

    def __str__(self) -> str:
        kind = f" ({self.get_unit_kind_display()})" if self.unit_kind else ""
        return f"{self.get_role_display()}{kind} → {self.programme}"


class StaffFigure(models.Model):
    """Staff per unit, year and role, entered by the unit's manager or imported from HR as CSV."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    employees = models.DecimalField(
        _("employees (average)"), max_digits=7, decimal_places=1, default=Decimal(0)
    )
    leavers = models.PositiveIntegerField(_("leavers"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    median_monthly_salary = models.PositiveIntegerField(
        _("median monthly salary (SEK)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__name", "year", "role"]
        verbose_name = _("staff figure")
        verbose_name_plural = _("staff figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "role"], name="staff_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_role_display()}"


class ReactionFact(models.Model):
    """One concern report with the reaction times of its case, derived from the records so the
    equal-treatment figures need no joins (PostgreSQL only; see equality.py). Plain ids, no foreign
    keys: the rows are rebuilt from the records, never edited, and must not hold up a deletion.

    Case-level fields are filled on the case's first report only (earliest received, then lowest
    id). Whatever depends on the day the figures are judged on (a pre-assessment or an
    investigation still open) is kept as dates and decided when the figures are computed.
    """

    report_id = models.BigIntegerField(primary_key=True)
    case_id = models.BigIntegerField(db_index=True)
    child_id = models.BigIntegerField()
    district_id = models.BigIntegerField(null=True)
    received_at = models.DateTimeField(db_index=True)
    received_on = models.DateField()  # the local date
    month = models.CharField(max_length=7)  # the local month, "YYYY-MM"
    safety_days = models.FloatField(null=True)  # fractional days from receipt to assessment
    is_first = models.BooleanField()
    pre_days = models.IntegerField(null=True)  # to the pre-assessment decision
    intervention_days = models.IntegerField(null=True)  # to the first intervention
    investigation_days = models.IntegerField(null=True)  # length of a closed investigation
    investigation_limit = models.DateField(null=True)  # opened_on + the investigation rule
    investigation_closed_on = models.DateField(null=True)
    # The child's sex ("K", "M"; "" when unknown: no identity number) and age band (the
    # AgeBand.age_from of their age on the report's day; -1 when unknown), for the splits.
    sex = models.CharField(max_length=1, default="")
    age_band = models.SmallIntegerField(default=-1)

    class Meta:
        verbose_name = _("reaction fact")
        verbose_name_plural = _("reaction facts")

    def __str__(self) -> str:
        return f"report {self.report_id}"


class AgeBand(models.Model):
    """An age band the follow-up figures can be split by (`split=age_band`): the ages
    age_from … age_to in whole years on the day of the event (a report's day, a decision's day),
    age_to empty for "and older". Rule data a municipality may change (admin); the bands must not
    overlap. A change marks every case stale, so the reaction facts carry the new bands at the next
    computation (migration followup/0017)."""

    age_from = models.PositiveSmallIntegerField(_("from age"), unique=True)
    age_to = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    note = models.TextField(_("source and note"), blank=True)

    class Meta:
        ordering = ["age_from"]
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_to__isnull=True) | Q(age_to__gte=models.F("age_from")),
                name="followup_ageband_order",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"{self.age_from}-{self.age_to}" if self.age_to is not None else f"{self.age_from}-"

    @property
    def label(self) -> str:
        if self.age_to is None:
            return gettext("%(age)s years and older") % {"age": self.age_from}
        return gettext("%(low)s–%(high)s years") % {"low": self.age_from, "high": self.age_to}

    def clean(self) -> None:
        high = self.age_to if self.age_to is not None else 10_000
        others = AgeBand.objects.exclude(pk=self.pk)
        for other in others:
            other_high = other.age_to if other.age_to is not None else 10_000
            if self.age_from <= other_high and other.age_from <= high:
                raise ValidationError(
                    gettext("The age band overlaps %(other)s.") % {"other": other}
                )


class CostFact(models.Model):
    """One intervention with what the budget figures group it by, copied from its case
    (PostgreSQL only): a year's recorded costs are read from one covering index instead of joining
    every case. Kept like the reaction facts: a trigger marks the case stale when an intervention
    changes, or the case's kind, district or person; the next computation rewrites its rows."""

    intervention_id = models.BigIntegerField(primary_key=True)
    case_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=10)
    district_id = models.BigIntegerField(null=True)
    person_id = models.BigIntegerField()
    intervention_type_id = models.BigIntegerField()
    started_on = models.DateField()
    cost_sek = models.BigIntegerField()

    class Meta:
        verbose_name = _("cost fact")
        verbose_name_plural = _("cost facts")
        indexes = [
            models.Index(
                fields=["started_on"],
                include=["kind", "district_id", "person_id", "intervention_type_id", "cost_sek"],
                name="followup_costfact_started_idx",
            )
        ]

    def __str__(self) -> str:
        return f"intervention {self.intervention_id}"


class StaleCase(models.Model):
    """A case whose reaction facts no longer match its records. Database triggers on the reports,
    safety assessments, decisions, investigations and interventions add the case; the next
    computation of the figures (or `manage.py followup_refresh`) rebuilds its facts and removes
    it, in the reader's transaction."""

    case_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("stale case")
        verbose_name_plural = _("stale cases")

    def __str__(self) -> str:
        return f"case {self.case_id}"


class ArchivedCase(models.Model):
    """A case whose records were removed under the retention rules (skyddsnat.retention): its
    reaction and cost facts (ids and dates, no person's data) stay as the history of the figures,
    and a rebuild of the facts from the records keeps them instead of dropping them."""

    case_id = models.BigIntegerField(primary_key=True)
    removed_on = models.DateField()

    class Meta:
        verbose_name = _("archived case")
        verbose_name_plural = _("archived cases")

    def __str__(self) -> str:
        return f"case {self.case_id}"
