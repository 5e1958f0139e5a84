"""What a children's investigation holds between its opening and its decision, after the
structure and terms of BBIC (Socialstyrelsen's information specification; structure and terms
only, no copied forms or texts): the investigation plan, the child's own views and each
conversation with the child, the three areas of the BBIC triangle with their sources, the
assessment and the proposal; the kommunicering of the material to the parties and their replies;
and how the investigation ended when it ended without an intervention.

Everything hangs on the spine's `cases.Investigation`; the decision that ends it is a
`cases.Decision`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import DeadlineRule, Decision, Investigation
from skyddsnat.people.models import Person


class SectionKind(models.TextChoices):
    """The investigation's parts, in the order the page shows them (BBIC's terms)."""

    PLAN_QUESTIONS = "plan_questions", _("Investigation plan: questions to answer")
    PLAN_CONTACTS = "plan_contacts", _("Investigation plan: who is contacted")
    PLAN_CONVERSATIONS = "plan_conversations", _("Investigation plan: planned conversations")
    CHILD_VIEWS = "child_views", _("The child's own views")
    DEVELOPMENT = "development", _("The child's development and needs")
    PARENTING = "parenting", _("The parents' capacity")
    FAMILY = "family", _("Family and environment")
    ASSESSMENT = "assessment", _("Assessment")
    PROPOSAL = "proposal", _("Proposal for a decision")


# The three areas of the BBIC triangle: each section names its sources.
AREA_SECTIONS = frozenset({SectionKind.DEVELOPMENT, SectionKind.PARENTING, SectionKind.FAMILY})


class Section(models.Model):
    """One part of the investigation's text. Created by its first save; every save raises its
    `version`, so a save based on an older view of the section is refused (409)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(_("part"), max_length=20, choices=SectionKind.choices)
    text = models.TextField(_("text"), blank=True)
    # The three areas: where what is written comes from (school, health care, the child, ...).
    sources = models.TextField(_("sources"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("saved"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["investigation", "kind"]
        verbose_name = _("investigation section")
        verbose_name_plural = _("investigation sections")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "kind"], name="investigation_section_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}: {self.kind}"


class NotHeldReason(models.TextChoices):
    TOO_YOUNG = "too_young", _("the child is too young")
    DECLINED = "declined", _("the child did not want to talk")
    GUARDIANS = "guardians", _("the guardians did not let the child take part")
    NOT_REACHED = "not_reached", _("the child could not be reached")
    HEALTH = "health", _("the child's health or disability")
    OTHER = "other", _("other reason")


class Conversation(models.Model):
    """A conversation with the child (date, who held it, where), or one that was not held, with
    its reason: BBIC documents both."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="conversations"
    )
    held = models.BooleanField(_("held"))
    held_on = models.DateField(_("date"), null=True, blank=True)
    held_by = models.CharField(_("held by"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    not_held_reason = models.CharField(
        _("reason it was not held"), max_length=12, choices=NotHeldReason.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("conversation with the child")
        verbose_name_plural = _("conversations with the child")
        constraints = [
            # Held: when, who and where, no reason; not held: a reason and nothing of the rest.
            models.CheckConstraint(
                condition=(
                    Q(held=True, held_on__isnull=False, not_held_reason="")
                    & ~Q(held_by="")
                    & ~Q(place="")
                )
                | (
                    Q(held=False, held_on__isnull=True, held_by="", place="")
                    & ~Q(not_held_reason="")
                ),
                name="conversation_held_or_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}: {self.held_on or self.not_held_reason}"


class PartyRule(models.Model):
    """Rule data: from which age the child is a party of their own (speaks for themself in the
    case, so the material is sent to them too)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    age = models.PositiveSmallIntegerField(_("from the age of"))
    citation = models.CharField(_("citation"), max_length=300)
    # What of the citation has not been checked against the statute in force; never shown to staff.
    unverified = models.TextField(_("not yet verified"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("party rule")
        verbose_name_plural = _("party rules")

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"


class Communication(models.Model):
    """Kommunicering: the material sent to the parties with a date to reply by. The reply period
    is a `DeadlineRule` (the rule the date was computed from is kept). A decision waits for the
    date to pass or every party to answer, unless an override with its reason is recorded."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="communications"
    )
    sent_on = models.DateField(_("sent"))
    reply_by = models.DateField(_("reply by"))
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    material = models.TextField(_("material sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    # The documented override: a decision may be taken before the reply date (e.g. it is urgent).
    override_reason = models.TextField(_("reason to decide before the reply date"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("override recorded"), null=True, blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("kommunicering")
        verbose_name_plural = _("kommunicering")
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_by__gte=models.F("sent_on")), name="communication_reply_after"
            ),
            models.CheckConstraint(
                condition=Q(override_reason="", overridden_at__isnull=True)
                | (~Q(override_reason="") & Q(overridden_at__isnull=False)),
                name="communication_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}: {self.sent_on} → {self.reply_by}"


class PartyRole(models.TextChoices):
    GUARDIAN = "guardian", _("guardian")
    CHILD = "child", _("the child (15 or older)")


class CommunicationParty(models.Model):
    """A party the material was sent to, and their reply (once)."""

    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="parties"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("party as"), max_length=8, choices=PartyRole.choices)
    replied_on = models.DateField(_("replied"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["communication", "role", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "person"], name="communication_party_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.communication_id}: {self.person_id}"


class EndingReason(models.TextChoices):
    NO_NEED = "no_need", _("no need of intervention")
    DECLINED = "declined", _("the family declined the intervention offered")
    MET_OTHERWISE = "met_otherwise", _("the needs are met in another way")
    MOVED = "moved", _("the family moved to another municipality")
    OTHER = "other", _("other reason")


class Ending(models.Model):
    """An investigation ended without intervention ("avslutas utan insats"): the decision with its
    reasons, the reason as a choice (for follow-up), and whether a follow-up after the ending was
    offered (uppföljning efter avslut, SoL)."""

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="ending"
    )
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason for ending"), max_length=14, choices=EndingReason.choices)
    follow_up_offered = models.BooleanField(_("follow-up after the ending offered"))

    class Meta:
        verbose_name = _("investigation ended without intervention")
        verbose_name_plural = _("investigations ended without intervention")

    def __str__(self) -> str:
        return f"{self.investigation_id}: {self.reason}"
