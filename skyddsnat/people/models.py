"""Persons: the children, guardians and other people that cases are about."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.lib import identity


class ProtectionLevel(models.TextChoices):
    NONE = "none", _("none")
    SECRECY_MARKING = "secrecy_marking", _("secrecy marking")
    PROTECTED_REGISTRATION = "protected_registration", _("protected population registration")
    FICTITIOUS_IDENTITY = "fictitious_identity", _("fictitious personal data")


class Person(models.Model):
    personal_identity_number = models.CharField(
        _("personal identity number"), max_length=12, unique=True
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
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
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def identity_number_display(self) -> str:
        return identity.display(self.personal_identity_number)

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
