"""Outreach (uppsökande arbete, domain.md §5): the contacts outreach workers make where young
people are, on sugar dating, prostitution, drugs and the like, some of them with the police under
the municipality's agreement.

Most contacts are anonymous: the young person gives no name, and the unit records only what the
follow-up needs (date, district, kind of place, age band, topics, whether a referral was made and
whether the police took part). When the young person is known (they ask for help, a referral is
made in their name) the contact names them: their identity number links a `people.Person`, and
every read of the contact is then audited under that person. The names shown are the ones the
worker typed, never the register's (the number may be another district's protected person).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.organisation.models import District
from skyddsnat.people.models import Person


class PlaceKind(models.TextChoices):
    STREET = "street", _("street or square")
    TRANSPORT = "transport", _("public transport or station")
    SHOPPING_CENTRE = "shopping_centre", _("shopping centre")
    PARK = "park", _("park or outdoor area")
    SCHOOL = "school", _("near a school")
    YOUTH_CENTRE = "youth_centre", _("youth centre")
    ONLINE = "online", _("online")
    EVENT = "event", _("event or party")
    OTHER = "other", _("other place")


class AgeBand(models.TextChoices):
    UNDER_13 = "under_13", _("under 13")
    AGE_13_15 = "13_15", _("13–15")
    AGE_16_17 = "16_17", _("16–17")
    AGE_18_20 = "18_20", _("18–20")
    AGE_21_25 = "21_25", _("21–25")
    OVER_25 = "over_25", _("over 25")
    UNKNOWN = "unknown", _("age unknown")


class Topic(models.TextChoices):
    SUGAR_DATING = "sugar_dating", _("sugar dating")
    PROSTITUTION = "prostitution", _("prostitution")
    DRUGS = "drugs", _("drugs")
    ALCOHOL = "alcohol", _("alcohol")
    CRIME = "crime", _("crime")
    VIOLENCE = "violence", _("violence")
    MENTAL_HEALTH = "mental_health", _("mental health")
    OTHER = "other", _("other")


class Contact(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    contact_on = models.DateField(_("date of contact"))
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    # The Topic values talked about, sorted and unique (services.contact_register). A list in
    # JSON rather than an array: the demo runs on SQLite too.
    topics = models.JSONField(_("topics"), default=list)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # As typed by the worker (shown instead of the register's names).
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    joint_with_police = models.BooleanField(_("joint with the police"), default=False)
    referral_made = models.BooleanField(_("referral made"), default=False)
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_on", "-pk"]
        indexes = [models.Index(fields=["district", "contact_on"])]
        constraints = [
            # An anonymous contact names no one; a named one names its person.
            models.CheckConstraint(
                condition=(Q(anonymous=True, person__isnull=True, first_name="", last_name=""))
                | Q(anonymous=False, person__isnull=False),
                name="outreach_contact_anonymous_or_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_on} {self.district_id}"

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]
