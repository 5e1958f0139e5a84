"""Consent as a record, and disclosure without consent (issue 10 points 1 and 2).

A `Consent` is one person's (or one guardian's) consent to share part of a programme participant's
records (the action plan, the meetings) with one partner agency, for a period. What a partner sees
is computed from these rows on the day it asks (`partners.sharing`); nothing is copied to the
partner. A `Disclosure` records information given without consent where a law allows it
(`DisclosureGround`, rule data with its citation), and is itself audited.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skyddsnat.organisation.models import Agency
from skyddsnat.people.models import Person

# The agencies a consent may share with: every agency but social services itself. The labels are
# `organisation.Agency`'s, named here so that this app's catalogue translates them.
AGENCY_LABELS = {
    Agency.POLICE: _("the police"),
    Agency.SCHOOL: _("school"),
    Agency.REGION: _("the region (health care)"),
    Agency.EMPLOYMENT: _("the employment service"),
    Agency.SOCIAL_SERVICES: _("social services"),
    Agency.LEISURE: _("leisure"),
}
PARTNER_AGENCIES = [
    (value, AGENCY_LABELS[Agency(value)]) for value in Agency.values if value != "social_services"
]


class GivenBy(models.TextChoices):
    PERSON = "person", _("the person")
    GUARDIAN = "guardian", _("a guardian")


class Scope(models.TextChoices):
    """What a consent shares (the API's `scope` items)."""

    PLAN = "plan", _("the action plan")
    MEETINGS = "meetings", _("the meetings")


class ConsentStatus(models.TextChoices):
    """A consent's state on a day (as an adjective on the pages)."""

    ACTIVE = "active", pgettext_lazy("consent", "Active")
    NOT_YET = "not_yet", pgettext_lazy("consent", "Not yet valid")
    WITHDRAWN = "withdrawn", pgettext_lazy("consent", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("consent", "Expired")


class Consent(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="partner_consents", verbose_name=_("person")
    )
    given_by = models.CharField(_("given by"), max_length=8, choices=GivenBy.choices)
    # For a consent given by a guardian: which one (a `people.Guardianship` of the person).
    guardian = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    agency = models.CharField(_("agency"), max_length=20, choices=PARTNER_AGENCIES)
    shares_plan = models.BooleanField(_("shares the action plan"), default=False)
    shares_meetings = models.BooleanField(_("shares the meetings"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    # Sharing stops on this day (it is not shared on it).
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["agency", "person"], name="partners_consent_agency_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(given_by="person", guardian__isnull=True)
                | Q(given_by="guardian", guardian__isnull=False),
                name="partners_consent_guardian_iff_given_by_guardian",
            ),
            models.CheckConstraint(
                condition=Q(shares_plan=True) | Q(shares_meetings=True),
                name="partners_consent_shares_something",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="partners_consent_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(agency="social_services"), name="partners_consent_partner_agency"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True, withdrawn_at__isnull=True)
                | Q(withdrawn_on__isnull=False, withdrawn_at__isnull=False),
                name="partners_consent_withdrawal_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.agency} {self.valid_from}–{self.valid_to}"

    @property
    def scope(self) -> list[str]:
        return [
            value
            for value, shared in (
                (Scope.PLAN, self.shares_plan),
                (Scope.MEETINGS, self.shares_meetings),
            )
            if shared
        ]

    def scope_display(self) -> str:
        labels = {Scope.PLAN: Scope.PLAN.label, Scope.MEETINGS: Scope.MEETINGS.label}
        return ", ".join(str(labels[Scope(value)]) for value in self.scope)

    def status_on(self, day: dt.date) -> ConsentStatus:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return ConsentStatus.WITHDRAWN
        if day > self.valid_to:
            return ConsentStatus.EXPIRED
        if day < self.valid_from:
            return ConsentStatus.NOT_YET
        return ConsentStatus.ACTIVE

    def is_active_on(self, day: dt.date) -> bool:
        return self.status_on(day) == ConsentStatus.ACTIVE


class DisclosureGround(models.Model):
    """Rule data: a provision that lets social services disclose without consent, with its
    citation, the agency it allows disclosure to and, where it has one, the age limit (the
    person must be younger than `under_age` on the day). What could not be verified is said in
    `unverified`, never on a page as fact."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    citation = models.CharField(_("citation"), max_length=200)
    agency = models.CharField(_("agency"), max_length=20, choices=PARTNER_AGENCIES)
    under_age = models.PositiveSmallIntegerField(_("younger than"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    unverified = models.TextField(_("not verified"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal ground for disclosure")
        verbose_name_plural = _("legal grounds for disclosure")

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"


class Disclosure(models.Model):
    """Information given to another agency without consent, on a legal ground."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="partner_disclosures")
    ground = models.ForeignKey(
        DisclosureGround, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal ground")
    )
    agency = models.CharField(_("agency"), max_length=20, choices=PARTNER_AGENCIES)
    recipient = models.CharField(_("recipient"), max_length=200)
    content = models.TextField(_("what was disclosed"))
    disclosed_on = models.DateField(_("disclosed on"))
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return f"{self.person_id} → {self.agency} {self.disclosed_on}"
