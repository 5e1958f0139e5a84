"""Care of a child outside the home: LVU as the events the law counts from (immediate custody,
its enforcement, the court's limits, care and its reviews) and placements as records of their own,
apart from the decision that grants them (form, provider, moves, plans, visits, reviews).

The time limits are the spine's `Deadline` rows under `DeadlineRule` rule data (care migration
0002); the records here say which limit belongs to what.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case, Deadline, Decision, Intervention
from skyddsnat.organisation.models import Delegation
from skyddsnat.people.models import Person


class CustodyStage(models.TextChoices):
    """Where the case stood when immediate custody was decided (LVU 6 §: at any stage)."""

    REPORT = "report", _("at the report")
    PRE_ASSESSMENT = "pre_assessment", _("during the pre-assessment")
    INVESTIGATION = "investigation", _("during the investigation")
    INTERVENTION = "intervention", _("during an intervention")


class LvuSection(models.TextChoices):
    """The ground of compulsory care: the home environment (2 §) or the young person's own
    behaviour (3 §)."""

    HOME = "2", _("LVU 2 § (the home environment)")
    BEHAVIOUR = "3", _("LVU 3 § (the young person's own behaviour)")


class CustodyEnd(models.TextChoices):
    CARE = "care", _("care under LVU was decided")
    LIFTED = "lifted", _("lifted by the committee")
    COURT = "court", _("set aside by the court")


class ImmediateCustody(models.Model):
    """Immediate custody (omedelbart omhändertagande, LVU 6 §) as events: the decision, the day it
    was carried out (verkställt), the submission to the court, the application for care."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="custodies")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="custody")
    section = models.CharField(_("ground"), max_length=1, choices=LvuSection.choices)
    stage = models.CharField(_("decided"), max_length=16, choices=CustodyStage.choices)
    decided_on = models.DateField(_("decided on"))
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    # LVU 7 §: to the administrative court within a week of the decision.
    court_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, related_name="+", verbose_name=_("court submission")
    )
    # LVU 8 §: the application for care within four weeks of the day it was carried out.
    application_deadline = models.OneToOneField(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application for care"),
    )
    intervention = models.OneToOneField(
        Intervention, on_delete=models.PROTECT, null=True, blank=True, related_name="custody"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=8, choices=CustodyEnd.choices, blank=True
    )

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("immediate custody")
        verbose_name_plural = _("immediate custodies")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="custody_one_ongoing"
            ),
            models.CheckConstraint(
                condition=Q(carried_out_on__isnull=True) | Q(carried_out_on__gte=F("decided_on")),
                name="custody_carried_out_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.decided_on}"

    def lapsed_on(self, today: dt.date) -> dt.date | None:
        """The day the custody lapsed (LVU 9 §) because a limit passed undone: the day after the
        missed due date; None while it stands (or once it ended otherwise)."""
        if self.ended_on is not None:
            return None
        missed = [
            d.due + dt.timedelta(days=1)
            for d in (self.court_deadline, self.application_deadline)
            if d is not None and d.done_at is None and d.due < today
        ]
        return min(missed) if missed else None


class ReviewKind(models.TextChoices):
    CONSIDERATION = "consideration", _("consideration of care under LVU 2 §")
    REVIEW = "review", _("review of care under LVU 3 §")


class ReviewOutcome(models.TextChoices):
    CONTINUES = "continues", _("the care continues")
    ENDS = "ends", _("the care ends")


class LvuReview(models.Model):
    """The committee's decision on care under LVU (13 §): considered (2 §) or reviewed (3 §) at
    least every six months, with its reasons. The 3 § review may be appealed (LVU 41 §)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lvu_reviews")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="lvu_reviews"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=ReviewKind.choices)
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reasons"))
    appealable = models.BooleanField(_("may be appealed"))
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("LVU review decision")
        verbose_name_plural = _("LVU review decisions")

    def __str__(self) -> str:
        return f"{self.kind} {self.decided_on}"


class PlacementForm(models.TextChoices):
    FAMILY_HOME = "family_home", _("family home")
    KINSHIP_HOME = "kinship_home", _("kinship family home")
    EMERGENCY_HOME = "emergency_home", _("emergency home")
    HVB = "hvb", _("HVB home")
    SUPPORTED_HOUSING = "supported_housing", _("supported housing")
    SIS = "sis", _("SiS special youth home")


# The forms that are a family home (the two-year consideration of a custody transfer applies).
FAMILY_HOMES = frozenset({PlacementForm.FAMILY_HOME, PlacementForm.KINSHIP_HOME})


class PlacementBasis(models.TextChoices):
    SOL = "sol", _("SoL (voluntary)")
    LVU_2 = "lvu_2", _("LVU 2 §")
    LVU_3 = "lvu_3", _("LVU 3 §")
    LVU_6 = "lvu_6", _("LVU 6 § (immediate custody)")


# The exact legal basis as the national register writes it, whatever the UI language: of a
# placement, and of each LVU intervention of the catalogue.
REGISTER_BASIS = {"sol": "SoL", "lvu_2": "LVU 2 §", "lvu_3": "LVU 3 §", "lvu_6": "LVU 6 §"}
LVU_SECTION_OF = {
    "lvu-immediate-custody": "LVU 6 §",
    "lvu-care-2": "LVU 2 §",
    "lvu-care-3": "LVU 3 §",
}


class PlacementEnd(models.TextChoices):
    MOVED = "moved", _("moved to another placement")
    HOME = "home", _("returned home")
    CARE_ENDED = "care_ended", _("the care ended")
    AGE = "age", _("came of age")
    CUSTODY_TRANSFER = "custody_transfer", _("custody transferred")
    BREAKDOWN = "breakdown", _("the placement broke down")
    OTHER = "other", _("other reason")


class Placement(models.Model):
    """Where a child lives outside the home, apart from the decision that grants the care. A move
    ends one placement and starts the next (`moved_from`) in one transaction."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    # The child (the case's person), so the database keeps one active placement per child.
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    form = models.CharField(_("form"), max_length=20, choices=PlacementForm.choices)
    provider = models.CharField(_("provider"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=6, choices=PlacementBasis.choices)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=20, choices=PlacementEnd.choices, blank=True
    )
    moved_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moved_to",
        verbose_name=_("moved from"),
    )
    # The child's own social worker (barnets socialsekreterare), apart from the case's caseworker.
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placed_children",
        verbose_name=_("the child's social worker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["case", "started_on"], name="placement_case_start_idx"),
            # The register's number of each placement among the child's placements.
            models.Index(fields=["child", "started_on"], name="placement_child_start_idx"),
        ]
        constraints = [
            # One active placement per child at a time: a move ends one before the next starts.
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_on__isnull=True), name="placement_one_active"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.started_on}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class PlanKind(models.TextChoices):
    CARE_PLAN = "care_plan", _("care plan")
    IMPLEMENTATION_PLAN = "implementation_plan", _("implementation plan")


class PlacementPlan(models.Model):
    """The care plan (vårdplan) and implementation plan (genomförandeplan) of a placed child; a
    new version is a new row, so earlier plans stay as they were."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    drawn_up_on = models.DateField(_("drawn up on"))
    text = models.TextField(_("content"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["drawn_up_on", "pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.kind} {self.drawn_up_on}"


class VisitKind(models.TextChoices):
    VISIT = "visit", _("visit")
    CONVERSATION = "conversation", _("conversation with the child")


class PlacementVisit(models.Model):
    """A visit to the placed child, or a conversation with the child, against the frequency the
    rule data requires (`placement_visit`)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    child_alone = models.BooleanField(_("spoke with the child alone"), default=False)
    note = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.kind} {self.visited_on}"


class PlacementReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("reconsideration of the placement (SoL)")
    CUSTODY_TRANSFER = "custody_transfer", _("consideration of transferring custody")


class PlacementReview(models.Model):
    """A recorded consideration of a placement: the SoL placement reconsidered every six months,
    or a transfer of custody considered after two years in the same family home, then yearly."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=16, choices=PlacementReviewKind.choices)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reasons"))
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("placement review")
        verbose_name_plural = _("placement reviews")

    def __str__(self) -> str:
        return f"{self.kind} {self.decided_on}"


class PlacementDeadline(models.Model):
    """Which of the case's time limits follow a placement (visits, reconsideration, custody
    transfer), so a move or an end settles exactly those."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="deadlines")
    deadline = models.OneToOneField(Deadline, on_delete=models.CASCADE, related_name="placement")

    class Meta:
        verbose_name = _("time limit of a placement")
        verbose_name_plural = _("time limits of placements")

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.deadline_id}"
