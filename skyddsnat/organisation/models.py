"""The organisation as data: municipality, districts (with validity dates), units, staff and
the delegation order.

A municipality without districts has one committee; its units then have no district.
"""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Area(models.TextChoices):
    INNER = "inner", _("inner city")
    OUTER = "outer", _("outer city")
    NONE = "none", _("no city area")


class District(models.Model):
    """A district committee (stadsdelsnämnd), valid for a period; a merged one has a successor."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    area = models.CharField(_("city area"), max_length=5, choices=Area.choices, default=Area.NONE)
    population = models.PositiveIntegerField(_("population"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def current(self) -> "District":
        """The district that carries this one's cases and statistics today (follows mergers)."""
        district = self
        while (successor := district.successor) is not None:
            district = successor
        return district


class UnitKind(models.TextChoices):
    CHILDREN = "children", _("children and youth")
    ADULT = "adult", _("adults")
    LSS = "lss", _("disability (LSS)")
    PSYCHIATRY = "psychiatry", _("social psychiatry")
    ECONOMIC = "economic", _("financial assistance")


class Unit(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["district", "kind"], name="unit_one_kind_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("caseworker")
    LSS_OFFICER = "lss_officer", _("LSS case officer")
    MANAGER = "manager", _("unit manager")
    # The targeted programmes (domain.md §5): SIG, SSPF, crime exit and violence; outreach;
    # welfare-crime signals and notifications (Lag 2008:206).
    COORDINATOR = "coordinator", _("programme coordinator")
    OUTREACH = "outreach", _("outreach worker")
    WELFARE_CRIME = "welfare_crime", _("welfare-crime officer")
    POLITICIAN = "politician", _("politician")
    ANALYST = "analyst", _("analyst")
    AUDITOR = "auditor", _("auditor")
    # Approves the removal of personal data under the retention rules (gallring).
    ARCHIVIST = "archivist", _("archivist")
    PARTNER = "partner", _("partner agency")
    ADMIN = "admin", _("administrator")


CASE_ROLES = frozenset({Role.CASEWORKER, Role.LSS_OFFICER, Role.MANAGER})
# Roles that see the whole log, change the rules or remove records: a local sign-in needs a second
# factor (TOTP).
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.AUDITOR, Role.ARCHIVIST})


class Agency(models.TextChoices):
    """The agencies a programme works with and a consent may share with (domain.md §2, §5)."""

    POLICE = "police", _("the police")
    SCHOOL = "school", _("school")
    REGION = "region", _("the region (health care)")
    EMPLOYMENT = "employment", _("the employment service")
    SOCIAL_SERVICES = "social_services", _("social services")
    LEISURE = "leisure", _("leisure")


class User(AbstractUser):
    """A member of staff. The role decides what they may do; the unit decides whose cases."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    # A partner user's agency (police, school, region): what a consent shares is shared with it.
    agency = models.CharField(_("agency"), max_length=20, choices=Agency.choices, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    # Protected addresses are shown only to staff with an explicit, recorded need.
    may_see_protected_addresses = models.BooleanField(
        _("may see protected addresses"), default=False
    )
    # The subject (`sub`, or the claim SKYDDSNAT_OIDC_USER_CLAIM names) the municipality's
    # identity provider gives this person, for single sign-on; empty: no SSO by subject.
    sso_subject = models.CharField(
        _("single sign-on subject"), max_length=255, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    @property
    def works_with_cases(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def second_factor_required(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES


class DecisionType(models.TextChoices):
    OPEN_INVESTIGATION = "open_investigation", _("open an investigation")
    NO_INVESTIGATION = "no_investigation", _("not open an investigation")
    EXTEND_INVESTIGATION = "extend_investigation", _("extend an investigation")
    INTERVENTION = "intervention", _("grant or refuse an intervention")
    END_INVESTIGATION = "end_investigation", _("end an investigation without intervention")


class Delegation(models.Model):
    """One line of the delegation order: which role may take which decision, and on what basis."""

    code = models.CharField(_("delegation point"), max_length=20, unique=True)
    decision_type = models.CharField(_("decision"), max_length=30, choices=DecisionType.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # For intervention decisions: which interventions this line covers (none: all of them).
    intervention_type = models.ForeignKey(
        "cases.InterventionType", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    citation = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegation order")

    def __str__(self) -> str:
        return f"{self.code} {self.get_decision_type_display()}"
