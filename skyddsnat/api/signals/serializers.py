"""Input and output of the outreach and welfare-crime endpoints. They validate and convert; the
rules (own district, one assessment per signal) live in the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skyddsnat.api.serializers.fields import (
    IdentityNumberField,
    NameField,
    PastDateField,
    TextField,
)
from skyddsnat.organisation.models import District
from skyddsnat.outreach.models import AgeBand, PlaceKind, Topic
from skyddsnat.welfarecrime.models import Authority, Benefit, Source


class DistrictSlugField(serializers.SlugField):
    default_error_messages = {"unknown_district": _("There is no district “%(slug)s”.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", "District slug, e.g. `jarva`: the user's own district.")
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        slug = super().run_validation(data)
        district = District.objects.filter(slug=slug).first()
        if district is None:
            self.fail("unknown_district", slug=slug)
        return district


class ContactInputSerializer(serializers.Serializer):
    district = DistrictSlugField()
    contact_on = PastDateField()
    place_kind = serializers.ChoiceField(choices=PlaceKind.choices)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), allow_empty=False, max_length=20
    )
    anonymous = serializers.BooleanField()
    joint_with_police = serializers.BooleanField(default=False)
    referral_made = serializers.BooleanField(default=False)
    personal_identity_number = IdentityNumberField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Only when `anonymous` is false: the person met.",
    )
    first_name = NameField(required=False, allow_blank=True, default="")
    last_name = NameField(required=False, allow_blank=True, default="")
    note = TextField(required=False, allow_blank=True, default="")


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    district = serializers.CharField(source="district.slug")
    contact_on = serializers.DateField()
    place_kind = serializers.CharField()
    age_band = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    anonymous = serializers.BooleanField()
    joint_with_police = serializers.BooleanField()
    referral_made = serializers.BooleanField()


class SignalInputSerializer(serializers.Serializer):
    district = DistrictSlugField()
    received_on = PastDateField()
    # The contract's name; DRF's Field.source is another thing, on the field, not the serializer.
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
    benefit = serializers.ChoiceField(choices=Benefit.choices)
    authority = serializers.ChoiceField(choices=Authority.choices)
    description = TextField()
    personal_identity_number = IdentityNumberField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The person the benefit was paid to, when the signal names one.",
    )
    first_name = NameField(required=False, allow_blank=True, default="")
    last_name = NameField(required=False, allow_blank=True, default="")


class SignalCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class AssessmentInputSerializer(serializers.Serializer):
    notify = serializers.BooleanField()
    notified_on = PastDateField(required=False, allow_null=True, default=None)
    recipient = serializers.ChoiceField(
        choices=Authority.choices, required=False, allow_blank=True, default=""
    )
    reason = TextField(required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.Serializer):
    signal_id = serializers.IntegerField()
    notify = serializers.BooleanField()
    notified_on = serializers.DateField(allow_null=True)
    recipient = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    days_to_notification = serializers.IntegerField(allow_null=True)
