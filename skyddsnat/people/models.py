"""Persons: the children, guardians and other people that cases are about."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.lib import countries, identity


class ProtectionLevel(models.TextChoices):
    NONE = "none", _("none")
    SECRECY_MARKING = "secrecy_marking", _("secrecy marking")
    PROTECTED_REGISTRATION = "protected_registration", _("protected population registration")
    FICTITIOUS_IDENTITY = "fictitious_identity", _("fictitious personal data")


class IdentityKind(models.TextChoices):
    """How the person is identified (issue 9 point 3). A report may be about a child without a
    personal identity number; such a person is matched later to the right one (`merged_into`)."""

    PERSONAL = "personal", _("personal identity number")
    # Samordningsnummer: checksum-valid, the day of birth + 60; stored as the number.
    COORDINATION = "coordination", _("coordination number")
    # A temporary reserve number (e.g. health care's), kept as typed in `reserve_number`.
    RESERVE = "reserve", _("temporary reserve number")
    UNKNOWN = "unknown", _("identity unknown")
    UNBORN = "unborn", _("unborn child")


# Identities that are not settled: a person of these kinds may be matched to a person number.
PROVISIONAL_KINDS = frozenset(
    {IdentityKind.COORDINATION, IdentityKind.RESERVE, IdentityKind.UNKNOWN, IdentityKind.UNBORN}
)


class Person(models.Model):
    # Empty for a person without a number (reserve number, unknown, unborn); unique otherwise.
    personal_identity_number = models.CharField(
        _("personal identity number"), max_length=12, unique=True, null=True, blank=True
    )
    identity_kind = models.CharField(
        _("identified by"),
        max_length=12,
        choices=IdentityKind.choices,
        default=IdentityKind.PERSONAL,
        # Also in the database: rows written by SQL (the benchmarks, imports) are identified by
        # their number unless they say otherwise.
        db_default=IdentityKind.PERSONAL,
    )
    reserve_number = models.CharField(
        _("reserve number"), max_length=40, blank=True, default="", db_default=""
    )
    expected_birth_date = models.DateField(_("expected date of birth"), null=True, blank=True)
    # A provisional person matched to the right one: its records moved there (audited), the row
    # kept so that the history (and the audit log's ids) still leads somewhere.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matched to"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    protection_level = models.CharField(
        _("protected identity"),
        max_length=24,
        choices=ProtectionLevel.choices,
        default=ProtectionLevel.NONE,
        db_index=True,
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # The national child and youth register asks for the child's and the parents' country of
    # birth where known (docs/statistics.md): ISO 3166-1 alpha-2, empty when not known.
    country_of_birth = models.CharField(
        _("country of birth"),
        max_length=2,
        blank=True,
        default="",
        db_default="",
        validators=[countries.validate_country_code],
    )
    # Ensamkommande barn: came to Sweden without a parent or guardian. A fact about the child,
    # whatever case it is recorded on, so it is the child's (and the register counts children).
    unaccompanied_minor = models.BooleanField(
        _("unaccompanied minor"), default=False, db_default=False, db_index=True
    )
    # domain.md §8: generated people are marked, so they can never be mistaken for real ones.
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    guardians: "models.ManyToManyField[Person, Guardianship]" = models.ManyToManyField(
        "self", symmetrical=False, through="Guardianship", related_name="wards", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]
        constraints = [
            # One person per number needs one spelling per number: `lib.identity.normalise` turns
            # full-width or Arabic-Indic digits into ASCII, and the database refuses anything else
            # (the unique index alone would let "２０１４…" and "2014…" be two persons).
            models.CheckConstraint(
                condition=models.Q(personal_identity_number__regex=r"^[0-9]{12}$"),
                name="person_identity_number_ascii_digits",
            ),
            # A person number, or a coordination number, for those identified by one; none for
            # the others.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        identity_kind__in=["personal", "coordination"],
                        personal_identity_number__isnull=False,
                    )
                    | models.Q(
                        identity_kind__in=["reserve", "unknown", "unborn"],
                        personal_identity_number__isnull=True,
                    )
                ),
                name="person_identity_kind_number",
            ),
            # Two capital letters or nothing (the list itself is checked by the validator: ISO
            # assigns new codes, which a constraint would have to follow by migration).
            models.CheckConstraint(
                condition=models.Q(country_of_birth__regex=r"^([A-Z]{2})?$"),
                name="person_country_of_birth_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def identity_number_display(self) -> str:
        if self.personal_identity_number:
            return identity.display(self.personal_identity_number)
        # No number: what identifies the person instead ("Reservnummer R123", "Ofött barn, …").
        label = str(self.get_identity_kind_display()).capitalize()
        if self.identity_kind == IdentityKind.RESERVE and self.reserve_number:
            return f"{label} {self.reserve_number}"
        if self.identity_kind == IdentityKind.UNBORN and self.expected_birth_date:
            return f"{label}, {self.expected_birth_date:%Y-%m-%d}"
        return label

    @property
    def number(self) -> str:
        """The number of a person who has one (an LSS applicant, a guardian: their forms require
        it); a person reported without one has none to give."""
        if not self.personal_identity_number:
            raise ValueError(f"person {self.pk} has no identity number")
        return self.personal_identity_number

    @property
    def identity_provisional(self) -> bool:
        """Not identified by a personal identity number: may be matched to one later."""
        return self.identity_kind in PROVISIONAL_KINDS and self.merged_into_id is None

    @property
    def country_of_birth_name(self) -> str:
        return countries.name(self.country_of_birth)

    @property
    def is_protected(self) -> bool:
        return self.protection_level != ProtectionLevel.NONE


class GuardianRelation(models.TextChoices):
    PARENT = "parent", _("parent")
    APPOINTED = "appointed", _("appointed guardian")


class Guardianship(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardian_of")
    relation = models.CharField(
        _("relation"),
        max_length=12,
        choices=GuardianRelation.choices,
        default=GuardianRelation.PARENT,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "guardian"], name="guardianship_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} → {self.child_id}"
