"""Welfare crime (välfärdsbrott, domain.md §5): a municipality notifies the authority that decided
a benefit when there is reason to believe it was paid wrongly (Lag (2008:206) om
underrättelseskyldighet vid felaktiga utbetalningar från välfärdssystemen, 3 §). Each district has
an officer for this.

A `Signal` is what made the officer look (a case of financial assistance, another authority, a
tip): the benefit concerned and the authority that decided it. It usually concerns a person (the
benefit was paid to someone), and then it names them by identity number; reads are audited under
that person. Its `Assessment`, made once (a unique row per signal), is either the notification
sent, with its date and receiving authority, or the recorded reason not to notify.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.organisation.models import District
from skyddsnat.people.models import Person


class Source(models.TextChoices):
    OWN_CASE = "own_case", _("own case handling (financial assistance)")
    OTHER_UNIT = "other_unit", _("another unit of the municipality")
    AUTHORITY = "authority", _("another authority")
    TIP = "tip", _("tip from the public")
    REGISTER_CHECK = "register_check", _("register check")
    OTHER = "other", _("other source")


class Benefit(models.TextChoices):
    HOUSING_ALLOWANCE = "housing_allowance", _("housing allowance")
    PARENTAL_BENEFIT = "parental_benefit", _("parental benefit")
    SICKNESS_BENEFIT = "sickness_benefit", _("sickness or activity compensation")
    CHILD_ALLOWANCE = "child_allowance", _("child or maintenance allowance")
    ASSISTANCE_ALLOWANCE = "assistance_allowance", _("assistance allowance")
    STUDENT_AID = "student_aid", _("student aid")
    ACTIVITY_SUPPORT = "activity_support", _("activity support")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("unemployment benefit")
    ASYLUM_ALLOWANCE = "asylum_allowance", _("daily allowance for asylum seekers")
    FINANCIAL_ASSISTANCE = "financial_assistance", _("financial assistance")
    OTHER = "other", _("other benefit")


class Authority(models.TextChoices):
    """The deciding authorities the law names (2 §), as the officer chooses them."""

    SOCIAL_INSURANCE = "forsakringskassan", _("Försäkringskassan")
    CSN = "csn", _("CSN")
    EMPLOYMENT_SERVICE = "arbetsformedlingen", _("Arbetsförmedlingen")
    MIGRATION_AGENCY = "migrationsverket", _("Migrationsverket")
    UNEMPLOYMENT_FUND = "unemployment_fund", _("unemployment fund")
    MUNICIPALITY = "municipality", _("another municipality")


class Signal(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    benefit = models.CharField(_("benefit"), max_length=30, choices=Benefit.choices)
    authority = models.CharField(_("deciding authority"), max_length=30, choices=Authority.choices)
    description = models.TextField(_("description"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # As typed by the officer (shown instead of the register's names).
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["district", "received_on"])]

    def __str__(self) -> str:
        return f"{self.pk} {self.received_on}"


class Assessment(models.Model):
    """The signal's assessment: notified (with date and recipient) or not (with the reason)."""

    signal = models.OneToOneField(Signal, on_delete=models.PROTECT, related_name="assessment")
    notify = models.BooleanField(_("notify"))
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    recipient = models.CharField(
        _("receiving authority"), max_length=30, choices=Authority.choices, blank=True
    )
    reason = models.TextField(_("reason not to notify"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(notify=True, notified_on__isnull=False, reason="") & ~Q(recipient=""))
                | (Q(notify=False, notified_on__isnull=True, recipient="") & ~Q(reason="")),
                name="welfarecrime_assessment_notified_or_reasoned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.notify}"

    @property
    def days_to_notification(self) -> int | None:
        if not self.notify or self.notified_on is None:
            return None
        return (self.notified_on - self.signal.received_on).days
