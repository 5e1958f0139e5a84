"""The access matrix for writes (issue 7 point 10): every write route, with a VALID body.

Longer than our ~500 lines on purpose: ONE table of every write route with a valid body, so that
a new write route missing from it fails here.

`test_access_matrix.py` posts `{}` to every URL, which a view that validates its input before it
checks permission refuses with 400 whoever asks, so that sweep alone proves little about writes.
Here every route that accepts POST (PUT, PATCH, DELETE) has an entry in ONE table, `WRITES`, with
a builder of a body that is valid in the fixture world, and each entry is tried like this:

1. The persona `by` sends it: the answer is 2xx/3xx, the entry's `effect` (the record it changes)
   changed, and the audit log has the write. This proves the body valid.
2. Every other persona who may write there (`ACCESS[route].post`, narrowed by `allowed`) sends
   the same body: it succeeds too.
3. Every other persona sends the same body: refused (403/404; anonymous: the login redirect or
   401), and NOTHING changed: the effect, every table's row count, the Järva cases, and no audit
   entry of the write. Read-but-not-write personas are among them by construction: the politician,
   analyst, auditor and admin, the caseworker of another district, LSS staff on children's routes
   and the other way round, the caseworker where the delegation order gives the decision to the
   manager (an extension, care under LVU), the LSS unit's manager on the children's queue. Where
   the route is the persona's but the body is not theirs to write (`invalid_for`: another unit's
   staff figures in a file) the answer is 400, and still nothing changed.
4. A persona who may not see the record gets, for the same body, exactly the answer (status and
   body) it gets for an id that does not exist: the refusal tells nothing about the record.

Each try runs in its own savepoint, rolled back after it, so the tries share one world and start
from the same state. `test_every_route_that_accepts_a_write_is_in_the_table` walks every URL with
every write method and fails on one that does not answer 405 but has no entry here, so a new write
route cannot ship without a valid body and its refusals.

To add a write route: give it its `ACCESS` entry (who may write: `post`) in test_access_matrix.py
and a `Write` here; if it needs a record in a particular state, add it to `write_world`.
"""

import copy
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import totp_code
from skyddsnat.api.models import ApiToken
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care import services as care_services
from skyddsnat.care.models import (
    LvuReview,
    Placement,
    PlacementPlan,
    PlacementReview,
    PlacementVisit,
)
from skyddsnat.cases.forms import journal_key
from skyddsnat.cases.models import (
    Case,
    Deadline,
    DeadlineKind,
    Decision,
    Intervention,
    InterventionType,
    JournalEntry,
    Referral,
)
from skyddsnat.cases.services import case_decide, extension_request
from skyddsnat.children.forms import REPORT_KEY, early_help_types
from skyddsnat.children.models import (
    EarlyHelp,
    GuardianConsent,
    Report,
    ReportViolence,
    SafetyAssessment,
)
from skyddsnat.children.services import (
    pre_assessment_decide,
    report_register,
    safety_assessment_record,
)
from skyddsnat.drafts.models import Draft
from skyddsnat.eservices.models import HelpRequest
from skyddsnat.followup.models import (
    BUDGET_GROUP,
    AgeBand,
    BudgetLine,
    EmployerContributionRate,
    Programme,
    StaffCostMapping,
    StaffFigure,
)
from skyddsnat.jobs.models import Notice
from skyddsnat.lib import identity
from skyddsnat.lss.models import (
    Appeal,
    Application,
    DecisionReferral,
    DelayOffer,
    EligibilityAssessment,
    ImplementationDelay,
    Interruption,
    Offer,
    QueueEntry,
    RequestedIntervention,
    ResourceKind,
)
from skyddsnat.organisation.models import District, Role, User
from skyddsnat.outreach.models import Contact
from skyddsnat.people.models import Guardianship, Person
from skyddsnat.retention.models import RetentionHold, RetentionRule, RetentionRun, RunStatus
from skyddsnat.tests.test_access_matrix import (
    ACCESS,
    JARVA,
    JARVA_LSS,
    MISSING_ID,
    NOBODY,
    PERSONAS,
    PROTECTED_STREET,
    STAFF,
    World,
    _body,
    _case_state,
    _caseworkers_notice,
    _row_counts,
    _secrets,
    address,
    all_routes,
    kwarg_maker,
)
from skyddsnat.welfarecrime.models import Assessment, Signal

WRITE_METHODS = ("post", "put", "patch", "delete")


# ----- the world the writes need ------------------------------------------------------------------
# Besides the Järva cases of test_access_matrix (an investigation decided, an intervention going
# on, early help, an LSS case implemented, interrupted and appealed, a housing offer awaiting its
# answer), each write needs a record in the state that write starts from.


def _today() -> dt.date:
    return timezone.localdate()


def _report(user: User, first: str, last: str, *, days_ago: int) -> Report:
    from conftest import new_identity_number

    return report_register(
        user=user,
        personal_identity_number=new_identity_number(),
        first_name=first,
        last_name=last,
        district=District.objects.get(slug="jarva"),
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        reporter_type="professional",
        description="Förskolan oroar sig.",
        is_synthetic=True,
    )


def _investigating(user: User, first: str, last: str) -> Case:
    report = _report(user, first, last, days_ago=12)
    safety_assessment_record(
        user=user,
        report=report,
        assessed_at=report.received_at + dt.timedelta(hours=1),
        immediate_protection_needed=False,
    )
    pre_assessment_decide(
        user=user,
        case=report.case,
        decided_on=_today() - dt.timedelta(days=11),
        decision="open_investigation",
        reason="Oro.",
    )
    return Case.objects.get(pk=report.case_id)


# Names of the children and adults the write world adds: no refused answer may show them.
EXTRA_CHILDREN = (
    "Nova Fjällgren",
    "Ebbe Lindqvist",
    "Mira Sandgren",
    "Liv Tallqvist",
    "Tuva Ekström",
    "Alfred Granlund",
    "Greta Holmqvist",
    "Harriet Ekdahl",
)
EXTRA_LSS = ("Jon Berglöf", "Siri Ålund", "Tage Norrby", "Ulla Åkerby")


def _lss_application(user: User, name: str, codes: list[str], born: dt.date) -> Application:
    from conftest import new_identity_number
    from skyddsnat.lss import services as lss

    first, last = name.split()
    application = lss.application_register(
        user=user,
        personal_identity_number=new_identity_number(born),
        first_name=first,
        last_name=last,
        district=District.objects.get(slug="jarva"),
        received_on=dt.date(2024, 1, 10),
        applicant_role="person",
        intervention_types=[InterventionType.objects.get(code=code) for code in codes],
        is_synthetic=True,
    )
    lss.eligibility_assess(
        user=user,
        application=application,
        group=1,
        assessed_on=dt.date(2024, 1, 12),
        reasoning="Utredd.",
    )
    return application


@pytest.fixture
def budget_clerk(db) -> User:
    """A member of the budget group: the only writer of budget lines (not one of the matrix's
    personas, who all must be refused there)."""
    from conftest import make_user

    user = make_user("budget.stad", Role.ANALYST)
    user.groups.add(Group.objects.get(name=BUDGET_GROUP))
    return user


@pytest.fixture
def write_world(
    world, caseworker, manager, outsider, lss_officer, lss_manager, lss_outsider
) -> World:
    from skyddsnat.lss import services as lss

    objects = world.objects
    # Reported from Södermalm about a Järva child: in Järva's intake, unassigned, waiting for its
    # safety assessment and pre-assessment.
    objects["fresh_case"] = _report(outsider, "Nova", "Fjällgren", days_ago=1).case
    # An open investigation (extension, decision).
    objects["investigating_case"] = _investigating(caseworker, "Ebbe", "Lindqvist")
    # A grant awaiting its start.
    granted_case = _investigating(caseworker, "Mira", "Sandgren")
    objects["granted_decision"] = case_decide(
        user=caseworker,
        case=granted_case,
        decided_on=_today(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Stöd behövs.",
    )
    # Immediate custody under LVU decided, not yet carried out: its court submission is marked
    # done by hand (or recorded in the LVU section); care under LVU is the manager's to record.
    lvu_case = _investigating(caseworker, "Liv", "Tallqvist")
    custody = care_services.custody_decide(
        user=manager,
        case=lvu_case,
        decided_on=_today() - dt.timedelta(days=5),
        section="2",
        reason="Omedelbart omhändertagande.",
    )
    objects["lvu_case"] = Case.objects.get(pk=lvu_case.pk)
    objects["lvu_custody"] = custody
    objects["lvu_deadline"] = Deadline.objects.get(
        case=lvu_case, kind=DeadlineKind.LVU_COURT_SUBMISSION
    )
    # A child reported with a temporary reserve number, to be matched (issue 9 point 3).
    objects["provisional_case"] = report_register(
        user=caseworker,
        personal_identity_number="",
        identity_kind="reserve",
        reserve_number="R-4711",
        first_name="Okänd",
        last_name="Pojke",
        district=District.objects.get(slug="jarva"),
        received_at=timezone.now() - dt.timedelta(days=1),
        reporter_type="professional",
        description="BVC oroar sig.",
        is_synthetic=True,
    ).case
    # An extension asked for, waiting for the manager's decision (issue 9 point 7).
    objects["pending_referral"] = extension_request(
        user=caseworker,
        case=_investigating(caseworker, "Ture", "Bergholm"),
        reason="Väntar på utlåtande.",
    )
    # Custody carried out (the application for care pending, the court may extend it), and care
    # under 3 § going on (decided on every six months), and a child placed in an emergency home.
    carried_case = _investigating(caseworker, "Alfred", "Granlund")
    carried = care_services.custody_decide(
        user=manager,
        case=carried_case,
        decided_on=_today() - dt.timedelta(days=4),
        section="3",
        reason="Omedelbart omhändertagande.",
    )
    objects["lvu_carried"] = care_services.custody_carried_out(
        user=manager, custody=carried, carried_out_on=_today() - dt.timedelta(days=3)
    )
    in_care = _investigating(caseworker, "Greta", "Holmqvist")
    objects["lvu_in_care"] = care_services.care_record(
        user=manager,
        case=in_care,
        section="3",
        decided_on=_today() - dt.timedelta(days=2),
        started_on=_today() - dt.timedelta(days=2),
        reason="Förvaltningsrätten har beslutat om vård.",
    )
    placed_case = _investigating(caseworker, "Harriet", "Ekdahl")
    objects["placed"] = care_services.placement_create(
        user=caseworker,
        case=placed_case,
        form="emergency_home",
        provider="Jourhemmet Ek",
        basis="sol",
        started_on=_today() - dt.timedelta(days=2),
    )

    # LSS: one request implemented (may be interrupted) and one granted, not yet implemented.
    both = _lss_application(
        lss_officer, EXTRA_LSS[0], ["lss-companion", "lss-contact-person"], dt.date(1988, 2, 3)
    )
    first, second = both.requests.order_by("pk")
    implemented = lss.decision_record(
        user=lss_officer,
        request=first,
        decided_on=dt.date(2024, 1, 31),
        outcome="grant",
        reason="Behov finns.",
        scope_amount=10,
        scope_unit="hours_month",
    )
    objects["lss_running"] = lss.implementation_record(
        user=lss_officer, decision=implemented, started_on=dt.date(2024, 3, 1), provider_kind="own"
    )
    objects["lss_unimplemented"] = lss.decision_record(
        user=lss_officer,
        request=second,
        decided_on=dt.date(2024, 1, 31),
        outcome="grant",
        reason="Behov finns.",
        scope_amount=4,  # the rule's own unit
    )
    # Waiting past its limit with the reason recorded (the delay's writes change it, add offers).
    lss.implementation_delay_record(
        user=lss_officer, decision=objects["lss_unimplemented"], reason="no_place"
    )
    # Assessed, nothing decided: the assessment may still change, the request awaits a decision.
    undecided = _lss_application(lss_officer, EXTRA_LSS[1], ["lss-companion"], dt.date(1991, 6, 7))
    objects["lss_undecided"] = undecided
    objects["lss_undecided_request"] = undecided.requests.get()
    # Waiting for a place, no offer yet, and a facility with room.
    housing = _lss_application(
        lss_manager, EXTRA_LSS[2], ["lss-housing-adults"], dt.date(1979, 9, 10)
    )
    decision = lss.decision_record(
        user=lss_manager,
        request=housing.requests.get(),
        decided_on=dt.date(2024, 2, 1),
        outcome="grant",
        reason="Behov finns.",
    )
    objects["lss_waiting"] = QueueEntry.objects.get(decision=decision)
    objects["lss_facility"] = lss.facility_create(
        user=lss_manager,
        resource_kind=ResourceKind.objects.get(code="lss-housing-adults"),
        name="Gruppbostaden Rinkeby",
        places=2,
        district=District.objects.get(slug="jarva"),
    )

    # Housing applied for and assessed: the officer's delegation does not cover the decision, so
    # the officer sends it to the manager.
    objects["lss_housing_request"] = _lss_application(
        lss_officer, EXTRA_LSS[3], ["lss-housing-adults"], dt.date(1981, 4, 5)
    ).requests.get()

    objects.update(_rule_admin_spares())

    objects.update(_investigation_world(caseworker))

    # The SIG participant's guardian, whose consent to take part is not yet recorded.
    objects["participant_guardianship"] = Guardianship.objects.create(
        child=objects["participant"].person,
        guardian=Person.objects.create(
            personal_identity_number=identity.synthetic(random.Random(1980), dt.date(1980, 5, 5)),
            first_name="Gerd",
            last_name="Insatsgren",
            date_of_birth=dt.date(1980, 5, 5),
            is_synthetic=True,
        ),
    )

    # Each case worker's own draft of a report (for the discard).
    for user in (caseworker, manager, outsider, lss_officer, lss_manager, lss_outsider):
        Draft.objects.create(user=user, key=REPORT_KEY, data={"first_name": "Utkast"})
    return world


def _investigation_world(caseworker: User) -> dict[str, Any]:
    """An investigation whose material went to the guardian today: a reply and the override
    wait (the investigations app)."""
    from conftest import new_identity_number
    from skyddsnat.cases.guardians import guardian_add
    from skyddsnat.investigations.communication import communication_send

    case = _investigating(caseworker, "Tuva", "Ekström")
    guardian_add(
        user=caseworker,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1983, 5, 6)),
        first_name="Tora",
        last_name="Ekström",
        relation="parent",
        is_synthetic=True,
    )
    communication = communication_send(
        user=caseworker, case=case, sent_on=_today(), material="Utredningen."
    )
    return {
        "communicating_case": Case.objects.get(pk=case.pk),
        "communication_party": communication.parties.get(),
    }


def _investigation_rows(model_name: str, case_key: str) -> Callable[[World], object]:
    """What a write on an investigation changes: its rows of one model, with their state."""

    def read(world: World) -> object:
        from skyddsnat.investigations import models

        model = getattr(models, model_name)
        case = _o(world, case_key)
        lookup = {
            "Section": "investigation__case",
            "Conversation": "investigation__case",
            "Communication": "investigation__case",
            "CommunicationParty": "communication__investigation__case",
            "Ending": "investigation__case",
        }[model_name]
        return list(model.objects.filter(**{lookup: case}).order_by("pk").values())

    return read


def _read_notices() -> int:
    return Notice.objects.filter(read_at__isnull=False).count()


def _with_a_notice(world: World) -> dict[str, Any]:
    """The caseworker's notice exists before "mark all read" is tried (no URL keywords)."""
    _caseworkers_notice(world)
    return {}


def _no_open_proposal(world: World) -> dict[str, Any]:
    """No retention proposal is open, so a new one may be made (the database allows one)."""
    RetentionRun.objects.filter(status__in=[RunStatus.PROPOSED, RunStatus.APPROVED]).update(
        status=RunStatus.CANCELLED
    )
    return {}


def _open_proposal(world: World) -> dict[str, Any]:
    """An open retention proposal to approve."""
    run = RetentionRun.objects.filter(status=RunStatus.PROPOSED).first()
    if run is None:
        run = RetentionRun.objects.create(as_of=dt.date(2026, 1, 1))
    return {"run_id": run.pk}


# ----- THE TABLE ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """One valid write. `body`, `kwargs` and `query` are built from the world; `effect` reads what
    the write changes (it must differ after the write, and stay the same after a refusal)."""

    by: str  # the persona whose write proves the body valid
    body: Callable[[World], dict[str, Any]]
    effect: Callable[[World], object]
    # URL keywords other than the matrix's own (the record in the state the write starts from).
    kwargs: Callable[[World], dict[str, Any]] | None = None
    query: Callable[[World], str] | None = None
    # Who else must succeed with the same body; default: everyone ACCESS lets write there. A
    # narrower set means the others are refused with this body (e.g. a case of another unit).
    allowed: frozenset[str] | None = None
    # Personas for whom this body is not valid although the route is theirs: 400, nothing changed.
    invalid_for: frozenset[str] = NOBODY
    # Personas not checked, with the reason next to the entry.
    unchecked: frozenset[str] = NOBODY
    audited: bool = True  # the write leaves an audit entry (personal data or budget)
    method: str = "post"
    multipart: bool = False  # an API route that takes a file (multipart), not JSON


def _delay_reason(w: World) -> object:
    return ImplementationDelay.objects.get(decision=_o(w, "lss_unimplemented")).reason


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _o(world: World, key: str) -> Any:
    return world.objects[key]


def _count(model: type, **filters: Any) -> Callable[[World], int]:
    return lambda world: model.objects.filter(**filters).count()


def _count_on(model: type, case_key: str | None = None) -> Callable[[World], int]:
    """Rows of `model` on one case (the world's case, or `case_key`)."""

    def count(world: World) -> int:
        case_id = _o(world, case_key).pk if case_key else world.case.pk
        return model.objects.filter(case_id=case_id).count()

    return count


def _new_child(prefix: str = "") -> dict[str, str]:
    # The same number in every try of an entry (each try is rolled back), new for each entry.
    from conftest import new_identity_number

    number = new_identity_number(dt.date(2016, 8, 9))
    return {
        f"{prefix}personal_identity_number": number,
        f"{prefix}first_name": "Elsa",
        f"{prefix}last_name": "Ny",
    }


def _new_adult() -> dict[str, str]:
    from conftest import new_identity_number

    return {
        "personal_identity_number": new_identity_number(dt.date(1979, 1, 2)),
        "first_name": "Vera",
        "last_name": "Förordnad",
    }


def _once(make: Callable[[], dict[str, Any]]) -> Callable[[World], dict[str, Any]]:
    """A body built once per world, so every persona sends the very same one."""
    key = f"body-{id(make)}"

    def build(world: World) -> dict[str, Any]:
        if key not in world.objects:
            world.objects[key] = make()
        return dict(world.objects[key])

    return build


def _received() -> dt.datetime:
    return timezone.localtime() - dt.timedelta(hours=3)


def _counselling() -> InterventionType:
    """An intervention given without a needs assessment, other than the one the world's case
    already gets."""
    return early_help_types().exclude(code="parent-support").order_by("code").first()


def _report_form() -> dict[str, Any]:
    received = _received()
    return {
        **_new_child(),
        "district": District.objects.get(slug="jarva").pk,
        "received_date": _iso(received.date()),
        "received_time": received.strftime("%H:%M"),
        "reporter_type": "professional",
        "reporter_name": "Skolkurator",
        "description": "Eleven berättar om bråk hemma.",
    }


def _report_json() -> dict[str, Any]:
    child = _new_child()
    return {
        "child": child,
        "district": "jarva",
        "received_at": _received().isoformat(),
        "reporter_type": "professional",
        "description": "Eleven berättar om bråk hemma.",
    }


def _early_help_form(world: World) -> dict[str, Any]:
    return {
        "intervention_type": _counselling().pk,
        "started_on": _iso(_today()),
        "consent_given": "on",
        "consent_on": _iso(_today()),
        "note": "Föräldrarna vill ha samtal.",
    }


def _early_help_json(world: World) -> dict[str, Any]:
    return {
        "intervention_type": _counselling().code,
        "started_on": _iso(_today()),
        "consent_given": True,
        "consent_on": _iso(_today()),
        "note": "Föräldrarna vill ha samtal.",
    }


def _safety_form(world: World) -> dict[str, Any]:
    at = timezone.localtime(_o(world, "fresh_case").reports.get().received_at)
    at += dt.timedelta(hours=1)
    return {
        "assessed_date": _iso(at.date()),
        "assessed_time": at.strftime("%H:%M"),
        "immediate_protection_needed": "no",
        "notes": "Inget akut skyddsbehov.",
    }


def _extension_due(world: World) -> str:
    deadline = _o(world, "investigating_case").investigation.deadline
    return _iso(deadline.due + dt.timedelta(days=30))


def _investigation_due(world: World) -> object:
    return Deadline.objects.get(pk=_o(world, "investigating_case").investigation.deadline.pk).due


def _lvu_done(world: World) -> object:
    return Deadline.objects.get(pk=_o(world, "lvu_deadline").pk).done_at


def _decisions_on(case_key: str) -> Callable[[World], int]:
    return lambda world: Decision.objects.filter(case=_o(world, case_key)).count()


def _case_kw(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"case_id": _o(world, key).pk}


def _lss_staff_csv(world: World) -> SimpleUploadedFile:
    text = "district,unit_kind,year,role,employees,leavers,vacancies,median_monthly_salary\n"
    text += "jarva,children,2025,caseworker,12.5,2,1,41000\n"
    return SimpleUploadedFile("personal.csv", text.encode(), content_type="text/csv")


def _staff_figures(world: World) -> object:
    return list(StaffFigure.objects.order_by("pk").values_list("pk", "employees", "updated_by_id"))


def _budget_line(world: World) -> object:
    line = BudgetLine.objects.get(pk=_o(world, "budget_line").pk)
    return (line.change_sek, line.note)


def _budget_line_body(world: World) -> dict[str, Any]:
    line = _o(world, "budget_line")
    return {
        "year": line.year.year,
        "programme": line.programme_id,
        "district": line.district_id or "",
        "change_sek": 12_000_000,
        "note": "Justerad efter beslut.",
    }


def _signed_in(world: World) -> object:
    """Whether the client of the try is signed in (`try_writes` puts it in the world)."""
    return world.objects["client"].get(reverse("api-my-deadlines")).status_code == 200


def _caseworker_last_login(world: World) -> object:
    return User.objects.get(username="socsek.jarva").last_login


CREDENTIALS = {"username": "socsek.jarva", "password": "test-password-123"}


def _lss_application_form() -> dict[str, Any]:
    return {
        **_new_child(),
        "personal_identity_number": _adult_number(),
        "district": District.objects.get(slug="jarva").pk,
        "received_on": _iso(_today()),
        "applicant_role": "person",
        "interventions": [InterventionType.objects.get(code="lss-companion").pk],
        "description": "Behöver ledsagare.",
    }


def _lss_application_json() -> dict[str, Any]:
    return {
        "personal_identity_number": _adult_number(),
        "first_name": "Olle",
        "last_name": "Ny",
        "district": "jarva",
        "received_on": _iso(_today()),
        "applicant_role": "person",
        "interventions": ["lss-companion"],
    }


def _adult_number() -> str:
    from conftest import new_identity_number

    return new_identity_number(dt.date(1986, 4, 5))


def _eligibility(world: World) -> object:
    return EligibilityAssessment.objects.filter(application=_o(world, "lss_undecided")).values_list(
        "group", "reasoning", "assessed_by_id"
    )[0]


def _request_decided(world: World) -> object:
    return RequestedIntervention.objects.get(pk=_o(world, "lss_undecided_request").pk).decision_id


def _lss_decision_fields() -> dict[str, Any]:
    return {
        "decided_on": _iso(_today()),
        "outcome": "grant",
        "reason": "Behov av ledsagning.",
        "scope_amount": "8",
        "scope_unit": "hours_month",
    }


def _prefixed(prefix: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{name}": value for name, value in fields.items()}


def _referrals_on(case_key: str) -> Callable[[World], int]:
    return lambda world: Referral.objects.filter(case=_o(world, case_key)).count()


def _referral_status(world: World) -> object:
    return Referral.objects.get(pk=_o(world, "pending_referral").pk).status


def _matched_number(world: World) -> object:
    case = Case.objects.get(pk=_o(world, "provisional_case").pk)
    return case.person.personal_identity_number


def _match_body(world: World) -> dict[str, Any]:
    return {**_once(_new_adult)(world), "first_name": "Tuva", "last_name": "Lind"}


def _placement() -> InterventionType:
    return InterventionType.objects.get(code="family-home")


# "Begär förlängning" and "Skicka till …": the manager, who may decide, is told so (400, nothing
# sent); the caseworker of the case sends.
_SENDS = {"allowed": frozenset({"caseworker"}), "invalid_for": frozenset({"manager"})}


WRITES: dict[str, Write] = {
    # --- Authentication: open to everyone by design.
    "login": Write(
        by="anonymous",
        body=lambda w: dict(CREDENTIALS),
        effect=_caseworker_last_login,
        audited=False,
    ),
    "logout": Write(
        by="caseworker",
        body=lambda w: {},
        effect=_signed_in,
        # Signed out already: nothing to end, and nothing to refuse either.
        unchecked=frozenset({"anonymous"}),
        audited=False,
    ),
    "api-token": Write(
        by="anonymous",
        body=lambda w: dict(CREDENTIALS),
        effect=lambda w: ApiToken.objects.count(),
        audited=False,
    ),
    # Revoking another member of staff's token: the administrator; anyone else gets 404.
    "api-token-detail": Write(
        by="admin_user",
        method="delete",
        body=lambda w: {},
        effect=lambda w: ApiToken.objects.count(),
        allowed=frozenset({"admin_user"}),
    ),
    "api-token-page-revoke": Write(
        by="admin_user",
        body=lambda w: {},
        effect=lambda w: ApiToken.objects.count(),
        allowed=frozenset({"admin_user"}),
    ),
    # --- Staff sign-in: the second factor
    "signin-enrol": Write(
        by="caseworker",
        body=lambda w: {},
        effect=lambda w: TOTPDevice.objects.filter(confirmed=False).count(),
    ),
    # The auditor's app's current code; for everyone else it is no code of theirs (400).
    "signin-verify": Write(
        by="auditor",
        body=lambda w: {"code": totp_code("granskare")},
        effect=lambda w: TOTPDevice.objects.get(user__username="granskare").last_t,
        allowed=frozenset({"auditor"}),
        invalid_for=STAFF - {"auditor"},
    ),
    # --- Case pages
    "cases-journal-create": Write(
        by="caseworker",
        body=lambda w: {"text": "Hembesök gjort."},
        effect=_count_on(JournalEntry),
    ),
    "cases-guardian-create": Write(
        by="caseworker",
        body=lambda w: {
            **_once(_new_adult)(w),
            "relation": "appointed",
        },
        effect=lambda w: Guardianship.objects.filter(child_id=w.case.person_id).count(),
    ),
    "cases-extension-create": Write(
        by="manager",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {"new_due": _extension_due(w), "reason": "Särskilda skäl: tolk saknas."},
        effect=_investigation_due,
    ),
    "cases-extension-request-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {"reason": "Väntar på BUP.", "proposed_due": _extension_due(w)},
        effect=_referrals_on("investigating_case"),
        **_SENDS,
    ),
    "cases-referral-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "intervention_type": _placement().pk,
            "outcome": "grant",
            "reason": "Familjehem behövs.",
        },
        effect=_referrals_on("investigating_case"),
        **_SENDS,
    ),
    "cases-referral-decide": Write(
        by="manager",
        kwargs=lambda w: {"referral_id": _o(w, "pending_referral").pk},
        body=lambda w: _prefixed(
            f"r{_o(w, 'pending_referral').pk}",
            {"outcome": "refuse", "reason": "Inga särskilda skäl."},
        ),
        effect=_referral_status,
    ),
    "api-case-extension-request": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {"reason": "Väntar på BUP.", "proposed_due": _extension_due(w)},
        effect=_referrals_on("investigating_case"),
        **_SENDS,
    ),
    "api-case-referrals": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "intervention_type": "family-home",
            "outcome": "grant",
            "reason": "Familjehem behövs.",
        },
        effect=_referrals_on("investigating_case"),
        **_SENDS,
    ),
    "api-referral-decide": Write(
        by="manager",
        kwargs=lambda w: {"referral_id": _o(w, "pending_referral").pk},
        body=lambda w: {"outcome": "refuse", "reason": "Inga särskilda skäl."},
        effect=_referral_status,
    ),
    "cases-person-match": Write(
        by="caseworker",
        kwargs=_case_kw("provisional_case"),
        body=_match_body,
        effect=_matched_number,
    ),
    "api-case-person-match": Write(
        by="caseworker",
        kwargs=_case_kw("provisional_case"),
        body=_match_body,
        effect=_matched_number,
    ),
    "api-case-guardians": Write(
        by="caseworker",
        body=lambda w: {**_once(_new_adult)(w), "relation": "appointed"},
        effect=lambda w: Guardianship.objects.filter(child_id=w.case.person_id).count(),
    ),
    "cases-decision-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "outcome": "grant",
            "intervention_type": InterventionType.objects.get(code="contact-person").pk,
            "reason": "Stöd behövs.",
        },
        effect=_decisions_on("investigating_case"),
    ),
    "cases-intervention-create": Write(
        by="caseworker",
        kwargs=lambda w: {
            "case_id": _o(w, "granted_decision").case_id,
            "decision_id": _o(w, "granted_decision").pk,
        },
        body=lambda w: {"started_on": _iso(_today()), "cost_sek": 1200, "provider": "Egen regi"},
        effect=lambda w: Intervention.objects.filter(decision=_o(w, "granted_decision")).count(),
    ),
    "cases-deadline-done": Write(
        by="caseworker",
        kwargs=lambda w: {"case_id": _o(w, "lvu_case").pk, "deadline_id": _o(w, "lvu_deadline").pk},
        body=lambda w: _prefixed(
            f"deadline{_o(w, 'lvu_deadline').pk}",
            {"done_on": _iso(_today()), "note": "Ansökan inskickad."},
        ),
        effect=_lvu_done,
    ),
    "cases-queue-assign": Write(
        by="manager",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {
            f"case{_o(w, 'fresh_case').pk}-assignee": User.objects.get(username="socsek.jarva").pk
        },
        effect=lambda w: Case.objects.get(pk=_o(w, "fresh_case").pk).assigned_to_id,
    ),
    # --- Children and youth pages
    "children-report-create": Write(
        by="caseworker",
        body=_once(_report_form),
        effect=lambda w: Report.objects.count(),
    ),
    "children-safety-assessment-create": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=_safety_form,
        effect=lambda w: SafetyAssessment.objects.count(),
    ),
    "children-pre-assessment-create": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "decision": "open_investigation",
            "reason": "Oron behöver utredas.",
        },
        effect=_decisions_on("fresh_case"),
    ),
    # Violence marked on the fresh case's report opens its investigation at once (rule data).
    "children-case-violence-create": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {
            "report": _o(w, "fresh_case").reports.get().pk,
            "violence_kinds": ["physical"],
            "child_exposed": "on",
        },
        effect=lambda w: ReportViolence.objects.count(),
    ),
    # The child's country of birth and unaccompanied flag for the national register.
    "children-case-background-update": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {"country_of_birth": "SY", "unaccompanied_minor": "on"},
        effect=lambda w: Person.objects.values_list("country_of_birth", "unaccompanied_minor").get(
            pk=_o(w, "fresh_case").person_id
        ),
    ),
    "children-case-early-help-create": Write(
        by="caseworker",
        body=_early_help_form,
        effect=lambda w: EarlyHelp.objects.count(),
    ),
    "children-early-help-create": Write(
        by="caseworker",
        body=lambda w: {**_once(_new_child)(w), **_early_help_form(w)},
        effect=lambda w: EarlyHelp.objects.count(),
    ),
    "children-case-consent-create": Write(
        by="caseworker",
        body=lambda w: {
            "early_help": _o(w, "early_help").pk,
            "guardian": _o(w, "guardian").pk,
            "answer": "refused",
            "answered_on": _iso(_today()),
        },
        effect=lambda w: list(
            GuardianConsent.objects.filter(early_help=_o(w, "early_help")).values_list(
                "guardian_id", "answer"
            )
        ),
    ),
    "children-early-help-end": Write(
        by="caseworker",
        body=lambda w: _prefixed(f"end{_o(w, 'early_help').pk}", {"ended_on": _iso(_today())}),
        effect=lambda w: EarlyHelp.objects.get(pk=_o(w, "early_help").pk).ended_on,
    ),
    # --- Autosaved drafts: each member of staff their own.
    "drafts-save": Write(
        by="caseworker",
        query=lambda w: f"key={REPORT_KEY}",
        body=lambda w: {"first_name": "Ebba", "description": "Påbörjad anmälan."},
        effect=lambda w: list(Draft.objects.order_by("pk").values_list("pk", "data")),
        # Only a draft's first save is logged, and every writer has one already (for the discard).
        audited=False,
    ),
    # A draft of a journal entry needs the case: its unit only.
    "drafts-save journal": Write(
        by="caseworker",
        allowed=JARVA,
        query=lambda w: f"key={journal_key(w.case.pk)}",
        body=lambda w: {"text": "Påbörjad anteckning."},
        effect=lambda w: Draft.objects.count(),
    ),
    "drafts-discard": Write(
        by="caseworker",
        query=lambda w: f"key={REPORT_KEY}",
        body=lambda w: {},
        effect=lambda w: Draft.objects.count(),
        audited=False,
    ),
    # --- The API: reports, cases, early help
    "api-report-create": Write(
        by="caseworker",
        body=_once(_report_json),
        effect=lambda w: Report.objects.count(),
    ),
    "api-case-safety-assessment": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {
            "assessed_at": (
                _o(w, "fresh_case").reports.get().received_at + dt.timedelta(hours=1)
            ).isoformat(),
            "immediate_protection_needed": False,
        },
        effect=lambda w: SafetyAssessment.objects.count(),
    ),
    "api-case-pre-assessment": Write(
        by="caseworker",
        kwargs=_case_kw("fresh_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "decision": "open_investigation",
            "reason": "Oron behöver utredas.",
        },
        effect=_decisions_on("fresh_case"),
    ),
    "api-case-report-violence": Write(
        by="caseworker",
        kwargs=lambda w: {
            "case_id": _o(w, "fresh_case").pk,
            "report_id": _o(w, "fresh_case").reports.get().pk,
        },
        body=lambda w: {"kinds": ["honour"], "child_witnessed": True},
        effect=lambda w: ReportViolence.objects.count(),
    ),
    "api-case-extension": Write(
        by="manager",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {"new_due": _extension_due(w), "reason": "Särskilda skäl: tolk saknas."},
        effect=_investigation_due,
    ),
    "api-case-decision": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "outcome": "grant",
            "intervention_type": "contact-person",
            "reason": "Stöd behövs.",
        },
        effect=_decisions_on("investigating_case"),
    ),
    "api-case-interventions": Write(
        by="caseworker",
        kwargs=lambda w: {"case_id": _o(w, "granted_decision").case_id},
        body=lambda w: {
            "decision_id": _o(w, "granted_decision").pk,
            "started_on": _iso(_today()),
            "cost_sek": 1200,
        },
        effect=lambda w: Intervention.objects.filter(decision=_o(w, "granted_decision")).count(),
    ),
    "api-case-deadline-done": Write(
        by="caseworker",
        kwargs=lambda w: {"case_id": _o(w, "lvu_case").pk, "deadline_id": _o(w, "lvu_deadline").pk},
        body=lambda w: {"done_on": _iso(_today()), "note": "Ansökan inskickad."},
        effect=_lvu_done,
    ),
    # --- The investigation (investigations app): page and API.
    "investigations-section-save": Write(
        by="caseworker",
        kwargs=lambda w: {"case_id": _o(w, "investigating_case").pk, "kind": "assessment"},
        body=lambda w: {"text": "Barnets behov är tillgodosedda.", "section_version": "0"},
        effect=_investigation_rows("Section", "investigating_case"),
    ),
    "investigations-conversation-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "held": "yes",
            "held_on": _iso(_today()),
            "held_by": "Sara Socialsekreterare",
            "place": "Skolan",
            "notes": "Barnet berättade om skolan.",
        },
        effect=_investigation_rows("Conversation", "investigating_case"),
    ),
    "investigations-communication-create": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {"sent_on": _iso(_today()), "material": "Kompletterad utredning."},
        effect=_investigation_rows("Communication", "communicating_case"),
    ),
    "investigations-reply-create": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {
            "party": _o(w, "communication_party").pk,
            "replied_on": _iso(_today()),
            "reply": "Inget att tillägga.",
        },
        effect=_investigation_rows("CommunicationParty", "communicating_case"),
    ),
    "investigations-override-create": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {"reason": "Beslutet är brådskande."},
        effect=_investigation_rows("Communication", "communicating_case"),
    ),
    "investigations-ending-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "reason": "no_need",
            "reasons": "Inget behov av insats.",
            "follow_up_offered": "yes",
        },
        effect=_decisions_on("investigating_case"),
    ),
    "investigations-interventions-create": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "granted": [InterventionType.objects.get(code="contact-person").pk],
            "reason": "Kontaktperson behövs.",
        },
        effect=_decisions_on("investigating_case"),
    ),
    "api-investigation-interventions": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "granted": ["contact-person"],
            "reason": "Kontaktperson behövs.",
        },
        effect=_decisions_on("investigating_case"),
    ),
    "api-investigation-section": Write(
        by="caseworker",
        kwargs=lambda w: {"case_id": _o(w, "investigating_case").pk, "kind": "assessment"},
        body=lambda w: {"text": "Barnets behov är tillgodosedda.", "version": 0},
        effect=_investigation_rows("Section", "investigating_case"),
    ),
    "api-investigation-conversations": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {"held": False, "not_held_reason": "declined"},
        effect=_investigation_rows("Conversation", "investigating_case"),
    ),
    "api-investigation-communications": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {"sent_on": _iso(_today()), "material": "Kompletterad utredning."},
        effect=_investigation_rows("Communication", "communicating_case"),
    ),
    "api-investigation-replies": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {
            "party_id": _o(w, "communication_party").pk,
            "replied_on": _iso(_today()),
        },
        effect=_investigation_rows("CommunicationParty", "communicating_case"),
    ),
    "api-investigation-override": Write(
        by="caseworker",
        kwargs=_case_kw("communicating_case"),
        body=lambda w: {"reason": "Beslutet är brådskande."},
        effect=_investigation_rows("Communication", "communicating_case"),
    ),
    "api-investigation-end": Write(
        by="caseworker",
        kwargs=_case_kw("investigating_case"),
        body=lambda w: {
            "decided_on": _iso(_today()),
            "reason": "no_need",
            "reasons": "Inget behov av insats.",
            "follow_up_offered": False,
        },
        effect=_decisions_on("investigating_case"),
    ),
    "api-case-journal": Write(
        by="caseworker",
        body=lambda w: {"text": "Hembesök gjort."},
        effect=_count_on(JournalEntry),
    ),
    "api-early-help": Write(
        by="caseworker",
        body=lambda w: {"child": _once(_new_child)(w), **_early_help_json(w)},
        effect=lambda w: EarlyHelp.objects.count(),
    ),
    # From a case: the case's unit only.
    "api-early-help case": Write(
        by="caseworker",
        allowed=JARVA,
        body=lambda w: {"case_id": w.case.pk, **_early_help_json(w)},
        effect=lambda w: EarlyHelp.objects.count(),
    ),
    "api-early-help-end": Write(
        by="caseworker",
        body=lambda w: {"ended_on": _iso(_today())},
        effect=lambda w: EarlyHelp.objects.get(pk=_o(w, "early_help").pk).ended_on,
    ),
    # --- Requests for help from the e-service: the Järva unit's reception marks one handled.
    "eservices:help-request-handle": Write(
        by="caseworker",
        body=lambda w: {f"h{_o(w, 'help_request').pk}-outcome": "advice"},
        effect=lambda w: HelpRequest.objects.get(pk=_o(w, "help_request").pk).outcome,
    ),
    "api-help-request-handled": Write(
        by="caseworker",
        body=lambda w: {"outcome": "advice"},
        effect=lambda w: HelpRequest.objects.get(pk=_o(w, "help_request").pk).outcome,
    ),
    # --- Outreach and welfare crime (issue 10 points 6 and 7)
    "outreach-contact-create": Write(
        by="outreach_worker",
        body=lambda w: {
            "contact_on": _iso(_today()),
            "place_kind": "online",
            "age_band": "18_20",
            "topics": ["sugar_dating", "drugs"],
            "anonymous": "1",
        },
        effect=lambda w: Contact.objects.count(),
    ),
    "api-outreach-contacts": Write(
        by="outreach_worker",
        body=lambda w: {
            "district": "jarva",
            "contact_on": _iso(_today()),
            "place_kind": "transport",
            "age_band": "16_17",
            "topics": ["prostitution"],
            "anonymous": True,
            "joint_with_police": True,
            "referral_made": True,
        },
        effect=lambda w: Contact.objects.count(),
    ),
    "welfarecrime-signal-create": Write(
        by="welfare_officer",
        body=lambda w: {
            "received_on": _iso(_today()),
            "source": "own_case",
            "benefit": "financial_assistance",
            "authority": "municipality",
            "description": "Dubbla utbetalningar.",
        },
        effect=lambda w: Signal.objects.count(),
    ),
    "api-welfare-crime-signals": Write(
        by="welfare_officer",
        body=lambda w: {
            "district": "jarva",
            "received_on": _iso(_today()),
            "source": "authority",
            "benefit": "student_aid",
            "authority": "csn",
            "description": "CSN har hört av sig.",
        },
        effect=lambda w: Signal.objects.count(),
    ),
    "welfarecrime-signal-assess": Write(
        by="welfare_officer",
        body=lambda w: {"notify": "0", "reason": "Utbetalningen var korrekt."},
        effect=lambda w: Assessment.objects.count(),
    ),
    "api-welfare-crime-assessment": Write(
        by="welfare_officer",
        body=lambda w: {"notify": True, "notified_on": _iso(_today()), "recipient": "csn"},
        effect=lambda w: Assessment.objects.count(),
    ),
    # --- LSS pages
    "lss-application-create": Write(
        by="lss_officer",
        body=_once(_lss_application_form),
        effect=lambda w: Application.objects.count(),
    ),
    "lss-eligibility-assess": Write(
        by="lss_officer",
        kwargs=lambda w: {"application_id": _o(w, "lss_undecided").pk},
        body=lambda w: {"group": "2", "assessed_on": _iso(_today()), "reasoning": "Omprövad."},
        effect=_eligibility,
    ),
    "lss-decision-create": Write(
        by="lss_officer",
        kwargs=lambda w: {"request_id": _o(w, "lss_undecided_request").pk},
        body=lambda w: _prefixed(f"d{_o(w, 'lss_undecided_request').pk}", _lss_decision_fields()),
        effect=_request_decided,
    ),
    "lss-decision-refer": Write(
        by="lss_officer",
        kwargs=lambda w: {"request_id": _o(w, "lss_housing_request").pk},
        body=lambda w: _prefixed(
            f"p{_o(w, 'lss_housing_request').pk}",
            {"outcome": "grant", "reason": "Behov av gruppbostad.", "scope_unit": ""},
        ),
        effect=lambda w: DecisionReferral.objects.filter(
            request=_o(w, "lss_housing_request")
        ).count(),
        # The manager may take the decision: "send to" is not theirs (400, nothing sent).
        allowed=frozenset({"lss_officer"}),
        invalid_for=frozenset({"lss_manager"}),
    ),
    "lss-implementation-create": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: _prefixed(
            f"i{_o(w, 'lss_unimplemented').pk}",
            {"started_on": _iso(_today()), "provider_kind": "own", "provider": ""},
        ),
        effect=lambda w: Intervention.objects.filter(decision=_o(w, "lss_unimplemented")).count(),
    ),
    "lss-implementation-delay": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: {"reason": "no_staff", "consequences": "Väntar hemma."},
        effect=_delay_reason,
    ),
    "lss-implementation-delay-offer": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: {
            "offered_on": _iso(_today()),
            "offered": "Ledsagare på deltid",
            "answer": "pending",
        },
        effect=lambda w: DelayOffer.objects.count(),
    ),
    "lss-appeal-create": Write(
        by="lss_officer",
        body=lambda w: _prefixed(f"a{_o(w, 'lss_decision').pk}", {"received_on": _iso(_today())}),
        effect=lambda w: Appeal.objects.count(),
    ),
    "lss-letter-create": Write(
        by="lss_officer",
        body=lambda w: _prefixed(
            f"l{_o(w, 'lss_decision').pk}", {"recipient": "person", "sent_on": _iso(_today())}
        ),
        effect=lambda w: _o(w, "lss_decision").letters.count(),
    ),
    "lss-letter-served": Write(
        by="lss_officer",
        body=lambda w: _prefixed(f"v{_o(w, 'lss_letter').pk}", {"served_on": _iso(_today())}),
        effect=lambda w: type(_o(w, "lss_letter")).objects.get(pk=_o(w, "lss_letter").pk).served_on,
    ),
    "lss-appeal-outcome": Write(
        by="lss_officer",
        body=lambda w: _prefixed(
            f"o{_o(w, 'lss_appeal').pk}", {"outcome": "rejected", "outcome_on": _iso(_today())}
        ),
        effect=lambda w: Appeal.objects.get(pk=_o(w, "lss_appeal").pk).outcome,
    ),
    "lss-interruption-create": Write(
        by="lss_officer",
        kwargs=lambda w: {"intervention_id": _o(w, "lss_running").pk},
        body=lambda w: _prefixed(
            f"s{_o(w, 'lss_running').pk}",
            {"starts_on": _iso(_today()), "reason": "Ledsagaren slutade."},
        ),
        effect=lambda w: Interruption.objects.count(),
    ),
    "lss-interruption-end": Write(
        by="lss_officer",
        body=lambda w: _prefixed(f"r{_o(w, 'lss_interruption').pk}", {"ends_on": _iso(_today())}),
        effect=lambda w: Interruption.objects.get(pk=_o(w, "lss_interruption").pk).ends_on,
    ),
    "lss-offer-create": Write(
        by="lss_manager",
        kwargs=lambda w: {"entry_id": _o(w, "lss_waiting").pk},
        body=lambda w: _prefixed(
            f"o{_o(w, 'lss_waiting').pk}",
            {"facility": _o(w, "lss_facility").pk, "offered_on": _iso(_today())},
        ),
        effect=lambda w: Offer.objects.count(),
    ),
    "lss-offer-answer": Write(
        by="lss_manager",
        body=lambda w: _prefixed(
            f"a{_o(w, 'lss_offer').pk}", {"answer": "accepted", "answered_on": _iso(_today())}
        ),
        effect=lambda w: Offer.objects.get(pk=_o(w, "lss_offer").pk).answer,
    ),
    # --- LSS API
    "api-lss-applications": Write(
        by="lss_officer",
        body=_once(_lss_application_json),
        effect=lambda w: Application.objects.count(),
    ),
    "api-lss-eligibility": Write(
        by="lss_officer",
        kwargs=lambda w: {"application_id": _o(w, "lss_undecided").pk},
        body=lambda w: {"group": 2, "assessed_on": _iso(_today()), "reasoning": "Omprövad."},
        effect=_eligibility,
    ),
    "api-lss-decision": Write(
        by="lss_officer",
        kwargs=lambda w: {"request_id": _o(w, "lss_undecided_request").pk},
        body=lambda w: _lss_decision_fields(),
        effect=_request_decided,
    ),
    "api-lss-implementation": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: {"started_on": _iso(_today()), "provider_kind": "own"},
        effect=lambda w: Intervention.objects.filter(decision=_o(w, "lss_unimplemented")).count(),
    ),
    "api-lss-delay": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: {"reason": "no_staff", "consequences": "Väntar hemma."},
        effect=_delay_reason,
        method="put",
    ),
    "api-lss-delay-offers": Write(
        by="lss_officer",
        kwargs=lambda w: {"decision_id": _o(w, "lss_unimplemented").pk},
        body=lambda w: {"offered_on": _iso(_today()), "offered": "Ledsagare på deltid"},
        effect=lambda w: DelayOffer.objects.count(),
    ),
    "api-lss-appeals": Write(
        by="lss_officer",
        body=lambda w: {"received_on": _iso(_today())},
        effect=lambda w: Appeal.objects.count(),
    ),
    "api-lss-interruptions": Write(
        by="lss_officer",
        kwargs=lambda w: {"intervention_id": _o(w, "lss_running").pk},
        body=lambda w: {"starts_on": _iso(_today()), "reason": "Ledsagaren slutade."},
        effect=lambda w: Interruption.objects.count(),
    ),
    # --- Follow-up: budget lines by the budget group only; staff figures by unit managers.
    "followup-budget-line-create": Write(
        by="budget_clerk",
        body=lambda w: {
            "year": 2030,
            "programme": Programme.objects.order_by("pk").first().pk,
            "district": "",
            "base_sek": 1_000_000,
            "note": "Ny rad.",
        },
        effect=lambda w: BudgetLine.objects.count(),
    ),
    "followup-budget-line-edit": Write(
        by="budget_clerk",
        body=_budget_line_body,
        effect=_budget_line,
    ),
    # The figures of the manager's own unit (whichever it is).
    "followup-staff": Write(
        by="manager",
        body=lambda w: {
            "form": "figure",
            "year": 2025,
            "role": "caseworker",
            "employees": "12.5",
            "leavers": 2,
            "vacancies": 1,
            "median_monthly_salary": 41_000,
        },
        effect=_staff_figures,
    ),
    # A file of the Järva children's unit: the LSS manager may import, but not these rows.
    "followup-staff import": Write(
        by="budget_clerk",
        allowed=frozenset({"manager"}),
        invalid_for=frozenset({"lss_manager"}),
        body=lambda w: {"form": "import", "file": _lss_staff_csv(w)},
        effect=_staff_figures,
    ),
    # --- Notices (skyddsnat.jobs): one's own; marking read is not personal data (not audited).
    "jobs-notice-read": Write(
        by="caseworker",
        body=lambda w: {},
        effect=lambda w: _read_notices(),
        audited=False,
    ),
    "jobs-notice-read-all": Write(
        by="caseworker",
        kwargs=_with_a_notice,
        body=lambda w: {},
        effect=lambda w: _read_notices(),
        # Everyone may mark their own notices read; only the caseworker has one to mark.
        unchecked=STAFF - {"caseworker"},
        audited=False,
    ),
    # --- Retention (skyddsnat.retention): the archivist's proposal, decision and holds.
    "retention-propose": Write(
        by="archivist", kwargs=_no_open_proposal, body=lambda w: {}, effect=_count(RetentionRun)
    ),
    "api-retention-runs": Write(
        by="archivist", kwargs=_no_open_proposal, body=lambda w: {}, effect=_count(RetentionRun)
    ),
    "retention-decide": Write(
        by="archivist",
        kwargs=_open_proposal,
        body=lambda w: {"decision": "approve"},
        effect=_count(RetentionRun, status=RunStatus.APPROVED),
    ),
    "api-retention-decision": Write(
        by="archivist",
        kwargs=_open_proposal,
        body=lambda w: {"approve": True},
        effect=_count(RetentionRun, status=RunStatus.APPROVED),
    ),
    "retention-holds": Write(
        by="archivist",
        body=lambda w: {
            "personal_identity_number": w.case.person.personal_identity_number,
            "category": "adoption",
            "recorded_on": "2015-03-02",
        },
        effect=_count(RetentionHold),
    ),
    "api-retention-holds": Write(
        by="archivist",
        body=lambda w: {
            "personal_identity_number": w.case.person.personal_identity_number,
            "category": "paternity",
            "recorded_on": "2015-03-02",
        },
        effect=_count(RetentionHold),
    ),
}


# ----- the care flow: LVU as events and placements -----------------------------------------------


def _custody_kw(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"case_id": _o(w, key).case_id, "custody_id": _o(w, key).pk}


def _placement_kw(w: World) -> dict[str, Any]:
    return {"case_id": _o(w, "placed").case_id, "placement_id": _o(w, "placed").pk}


def _custody_state(key: str) -> Callable[[World], object]:
    def read(w: World) -> object:
        custody = (
            type(_o(w, key))
            .objects.select_related("court_deadline", "application_deadline")
            .get(pk=_o(w, key).pk)
        )
        application = custody.application_deadline
        return (
            custody.carried_out_on,
            custody.court_deadline.done_at,
            application and (application.due, application.done_at),
        )

    return read


def _placements_of(key: str) -> Callable[[World], object]:
    return lambda w: list(
        Placement.objects.filter(case_id=_o(w, key).case_id if key == "placed" else _o(w, key).pk)
        .order_by("pk")
        .values_list("pk", "ended_on", "social_worker_id")
    )


def _on_placed(model: type) -> Callable[[World], int]:
    return lambda w: model.objects.filter(placement__case_id=_o(w, "placed").case_id).count()


def _care_on(key: str) -> Callable[[World], int]:
    return lambda w: Intervention.objects.filter(
        case=_o(w, key), intervention_type__legal_basis="lvu"
    ).count()


_DONE = {"done_on": _iso(_today()), "note": "Mål nr 1234-25."}
_EXTENSION = {
    "decided_on": _iso(_today()),
    "new_due": _iso(_today() + dt.timedelta(days=40)),
    "reason": "Utredningen behöver kompletteras.",
}
_CARE = {
    "section": "2",
    "decided_on": _iso(_today()),
    "started_on": _iso(_today()),
    "reason": "Förvaltningsrätten har beslutat om vård.",
}
_REVIEW = {"decided_on": _iso(_today()), "outcome": "continues", "reason": "Vården behövs."}
_PLACE = {"form": "hvb", "provider": "HVB Tallen", "basis": "sol", "started_on": _iso(_today())}
_MOVE = {"moved_on": _iso(_today()), "form": "family_home", "provider": "Familjen Lind"}
_END = {"ended_on": _iso(_today()), "reason": "home"}
_PLAN = {"kind": "care_plan", "drawn_up_on": _iso(_today()), "text": "Mål: återförening."}
_VISIT = {"kind": "visit", "visited_on": _iso(_today()), "note": "Barnet trivs."}
_PREVIEW = {"kind": "reconsideration", "decided_on": _iso(_today()), "reason": "Behövs."}


def _worker(w: World) -> dict[str, Any]:
    return {"social_worker": User.objects.get(username="chef.jarva").pk}


CARE_WRITES: dict[str, Write] = {}
for _prefix, _api in (("care-", False), ("api-lvu-", True)):
    _names = (
        {
            "custody": "care-custody-create",
            "carried": "care-custody-carried-out",
            "court": "care-custody-court",
            "application": "care-custody-application",
            "extension": "care-custody-extension",
            "care": "care-care-create",
            "review": "care-review-create",
        }
        if not _api
        else {
            "custody": "api-lvu-custody",
            "carried": "api-lvu-custody-carried-out",
            "court": "api-lvu-custody-court",
            "application": "api-lvu-custody-application",
            "extension": "api-lvu-custody-extension",
            "care": "api-lvu-care",
            "review": "api-lvu-reviews",
        }
    )
    CARE_WRITES.update(
        {
            # The committee's decisions: recorded by the manager only (delegation BU 4.x).
            _names["custody"]: Write(
                by="manager",
                allowed=frozenset({"manager"}),
                kwargs=_case_kw("investigating_case"),
                body=lambda w: {
                    "decided_on": _iso(_today()),
                    "section": "2",
                    "reason": "Akut fara för barnets hälsa.",
                },
                effect=_decisions_on("investigating_case"),
            ),
            _names["carried"]: Write(
                by="caseworker",
                kwargs=_custody_kw("lvu_custody"),
                body=lambda w: {"carried_out_on": _iso(_today())},
                effect=_custody_state("lvu_custody"),
            ),
            _names["court"]: Write(
                by="caseworker",
                kwargs=_custody_kw("lvu_custody"),
                body=lambda w: dict(_DONE),
                effect=_custody_state("lvu_custody"),
            ),
            _names["application"]: Write(
                by="caseworker",
                kwargs=_custody_kw("lvu_carried"),
                body=lambda w: dict(_DONE),
                effect=_custody_state("lvu_carried"),
            ),
            _names["extension"]: Write(
                by="caseworker",
                kwargs=_custody_kw("lvu_carried"),
                body=lambda w: dict(_EXTENSION),
                effect=_custody_state("lvu_carried"),
            ),
            _names["care"]: Write(
                by="manager",
                allowed=frozenset({"manager"}),
                kwargs=_case_kw("lvu_case"),
                body=lambda w: dict(_CARE),
                effect=_care_on("lvu_case"),
            ),
            _names["review"]: Write(
                by="manager",
                allowed=frozenset({"manager"}),
                kwargs=lambda w: {
                    "case_id": _o(w, "lvu_in_care").case_id,
                    "intervention_id": _o(w, "lvu_in_care").pk,
                },
                body=lambda w: dict(_REVIEW),
                effect=lambda w: LvuReview.objects.count(),
            ),
        }
    )

CARE_WRITES.update(
    {
        "care-placement-create": Write(
            by="caseworker",
            kwargs=_case_kw("investigating_case"),
            body=lambda w: dict(_PLACE),
            effect=lambda w: Placement.objects.count(),
        ),
        "api-placements": Write(
            by="caseworker",
            body=lambda w: {"case_id": _o(w, "investigating_case").pk, **_PLACE},
            effect=lambda w: Placement.objects.count(),
        ),
        "care-placement-move": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_MOVE),
            effect=_placements_of("placed"),
        ),
        "api-placement-move": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_MOVE),
            effect=_placements_of("placed"),
        ),
        "care-placement-end": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_END),
            effect=_placements_of("placed"),
        ),
        "api-placement-end": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_END),
            effect=_placements_of("placed"),
        ),
        "care-placement-plan": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_PLAN),
            effect=_on_placed(PlacementPlan),
        ),
        "api-placement-plans": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_PLAN),
            effect=_on_placed(PlacementPlan),
        ),
        "care-placement-visit": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_VISIT),
            effect=_on_placed(PlacementVisit),
        ),
        "api-placement-visits": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_VISIT),
            effect=_on_placed(PlacementVisit),
        ),
        "care-placement-review": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_PREVIEW),
            effect=_on_placed(PlacementReview),
        ),
        "api-placement-reviews": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: dict(_PREVIEW),
            effect=_on_placed(PlacementReview),
        ),
        "care-placement-worker": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=_worker,
            effect=_placements_of("placed"),
        ),
        "api-placement-social-worker": Write(
            by="caseworker",
            kwargs=_placement_kw,
            body=lambda w: {"social_worker": "chef.jarva"},
            effect=_placements_of("placed"),
        ),
    }
)
WRITES.update(CARE_WRITES)


# --- The programmes (SIG, SSPF, crime exit): the world's SIG participant of Järva (with a goal)
# in test_access_matrix; its coordinator and the unit's manager write, the unit's caseworker
# reads only (403), everyone else gets 404.
def _programme_intake() -> dict[str, Any]:
    from skyddsnat.lib import identity

    today = _today()
    born = today - dt.timedelta(days=17 * 365 + 50)
    return {
        "personal_identity_number": identity.synthetic(random.Random(1717), born),
        "first_name": "Ossian",
        "last_name": "Programsson",
        "started_on": _iso(today - dt.timedelta(days=3)),
        "consent_given_on": _iso(today - dt.timedelta(days=3)),
    }


def _participant_rows(model: type) -> Callable[[World], int]:
    return lambda w: model.objects.filter(participant=_o(w, "participant")).count()


def _participant_state(w: World) -> object:
    from skyddsnat.programmes.models import Participant

    return Participant.objects.filter(pk=_o(w, "participant").pk).values_list(
        "ended_on", "outcome"
    )[0]


def _programme_writes() -> dict[str, Write]:
    from skyddsnat.programmes.models import (
        Goal,
        GoalFollowUp,
        Meeting,
        Participant,
        ParticipationConsent,
    )

    today = _iso(_today())
    due = _iso(_today() + dt.timedelta(days=90))
    goal = {"text": "Klara gymnasiebehörighet.", "agency": "school", "due": due}
    meeting = {"held_on": today, "agencies": ["school", "police"], "notes": "Uppföljning."}
    decision = {
        "intervention_type": "avhopp-stod",
        "decided_on": today,
        "outcome": "grant",
        "reason": "Stöd behövs.",
    }
    end = {"ended_on": today, "outcome": "school_or_work"}
    follow_ups = lambda w: GoalFollowUp.objects.filter(goal=_o(w, "participant_goal")).count()  # noqa: E731
    decisions = lambda w: Decision.objects.filter(case=_o(w, "participant").case).count()  # noqa: E731
    # The guardian's consent is not asked of the 16-year-old's own: the person's consent exists
    # already (intake), so the write is a guardian's.
    return {
        "programmes-intake": Write(
            by="coordinator",
            body=lambda w: _programme_intake(),
            effect=lambda w: Participant.objects.count(),
        ),
        "api-programme-participants": Write(
            by="coordinator",
            body=lambda w: {**_programme_intake(), "district": "jarva"},
            effect=lambda w: Participant.objects.count(),
        ),
        "programmes-goal-add": Write(
            by="coordinator", body=lambda w: dict(goal), effect=_participant_rows(Goal)
        ),
        "api-participant-goals": Write(
            by="coordinator", body=lambda w: dict(goal), effect=_participant_rows(Goal)
        ),
        "programmes-goal-follow-up": Write(
            by="coordinator",
            body=lambda w: {"followed_up_on": today, "result": "partly"},
            effect=follow_ups,
        ),
        "api-participant-goal-follow-ups": Write(
            by="coordinator",
            body=lambda w: {"followed_up_on": today, "result": "reached"},
            effect=follow_ups,
        ),
        "programmes-meeting-add": Write(
            by="coordinator", body=lambda w: dict(meeting), effect=_participant_rows(Meeting)
        ),
        "api-participant-meetings": Write(
            by="coordinator", body=lambda w: dict(meeting), effect=_participant_rows(Meeting)
        ),
        "programmes-consent-add": Write(
            by="coordinator",
            body=lambda w: {"giver": f"g{_o(w, 'participant_guardianship').pk}", "given_on": today},
            effect=_participant_rows(ParticipationConsent),
        ),
        "api-participant-consents": Write(
            by="coordinator",
            body=lambda w: {
                "given_by": "guardian",
                "guardian_id": _o(w, "participant_guardianship").pk,
                "given_on": today,
            },
            effect=_participant_rows(ParticipationConsent),
        ),
        "programmes-decide": Write(
            by="coordinator", body=lambda w: dict(decision), effect=decisions
        ),
        "api-participant-decisions": Write(
            by="coordinator", body=lambda w: dict(decision), effect=decisions
        ),
        "programmes-end": Write(
            by="coordinator", body=lambda w: dict(end), effect=_participant_state
        ),
        "api-participant-end": Write(
            by="coordinator", body=lambda w: dict(end), effect=_participant_state
        ),
    }


WRITES.update(_programme_writes())
# ----- consents and disclosures (skyddsnat.partners) ----------------------------------------------


def _partner_consents(world: World) -> int:
    from skyddsnat.partners.models import Consent

    return Consent.objects.filter(person_id=world.case.person_id).count()


def _partner_withdrawn(world: World) -> object:
    from skyddsnat.partners.models import Consent

    return Consent.objects.get(pk=_o(world, "partner_consent").pk).withdrawn_on


def _partner_disclosures(world: World) -> int:
    from skyddsnat.partners.models import Disclosure

    return Disclosure.objects.filter(person_id=world.case.person_id).count()


def _consent_body(world: World) -> dict[str, Any]:
    return {
        "given_by": "person",
        "agency": "region",
        "scope": ["plan"],
        "valid_from": _iso(_today()),
        "valid_to": _iso(_today() + dt.timedelta(days=30)),
    }


def _disclosure_body(ground: Callable[[Any], object]) -> Callable[[World], dict[str, Any]]:
    def body(world: World) -> dict[str, Any]:
        from skyddsnat.partners.models import DisclosureGround

        return {
            "ground": ground(DisclosureGround.objects.get(code="osl-10-18a-police-under-21")),
            "recipient": "Kommunpolis Rinkeby",
            "content": "Att barnet deltar i SIG.",
            "disclosed_on": _iso(_today()),
        }

    return body


# --- Records (issue 14): letters and documents of the Järva case; the letter templates are the
# administrator's.


def _letter_served(world: World) -> object:
    from skyddsnat.letters.models import Letter

    return Letter.objects.get(pk=_o(world, "letter").pk).served_on


def _template_version(world: World) -> object:
    from skyddsnat.letters.models import LetterTemplate

    return LetterTemplate.objects.get(kind="decision_sol").version


def _letter_body(world: World) -> dict[str, Any]:
    return {
        "kind": "decision_sol",
        "decision": _o(world, "decision").pk,
        "recipient": "person",
        "sent_on": _iso(_today()),
    }


def _document_body(world: World) -> dict[str, Any]:
    from skyddsnat.tests.test_access_matrix import TINY_PDF

    return {
        "file": SimpleUploadedFile("brev.pdf", TINY_PDF, content_type="application/pdf"),
        "kind": "incoming_letter",
        "title": "Brev från förskolan",
        "received_on": _iso(_today()),
    }


def _documents_on_case(world: World) -> int:
    from skyddsnat.documents.models import Document

    return Document.objects.filter(case=world.case).count()


def _letters_on_case(world: World) -> int:
    from skyddsnat.letters.models import Letter

    return Letter.objects.filter(case=world.case).count()


WRITES.update(
    {
        "partners-consents": Write(by="caseworker", body=_consent_body, effect=_partner_consents),
        "api-person-consents": Write(by="caseworker", body=_consent_body, effect=_partner_consents),
        "partners-consent-withdraw": Write(
            by="caseworker",
            body=lambda w: {"withdrawn_on": _iso(_today())},
            effect=_partner_withdrawn,
        ),
        "api-consent-withdraw": Write(
            by="caseworker",
            body=lambda w: {"withdrawn_on": _iso(_today())},
            effect=_partner_withdrawn,
        ),
        "partners-disclosures": Write(
            by="caseworker", body=_disclosure_body(lambda g: g.pk), effect=_partner_disclosures
        ),
        "api-person-disclosures": Write(
            by="caseworker",
            body=_disclosure_body(lambda g: g.code),
            effect=_partner_disclosures,
        ),
        "letters-letter-create": Write(by="caseworker", body=_letter_body, effect=_letters_on_case),
        "api-case-letters": Write(by="caseworker", body=_letter_body, effect=_letters_on_case),
        "letters-letter-served": Write(
            by="caseworker",
            body=lambda w: {"letter": _o(w, "letter").pk, "served_on": _iso(_today())},
            effect=_letter_served,
        ),
        "api-letter-served": Write(
            by="caseworker",
            body=lambda w: {"served_on": _iso(_today())},
            effect=_letter_served,
        ),
        "letters-template-edit": Write(
            by="admin_user",
            body=lambda w: {
                "name": "Beslut enligt socialtjänstlagen",
                "body": "# Beslut\n{{ decision.title }}",
                "based_on": _template_version(w),
            },
            effect=_template_version,
        ),
        "documents-document-create": Write(
            by="caseworker", body=_document_body, effect=_documents_on_case
        ),
        "api-case-documents": Write(
            by="caseworker", body=_document_body, effect=_documents_on_case, multipart=True
        ),
    }
)


# --- The rule admin (/admin/): the administrator adds, changes and deletes rule data; each write
# is audited. The change pages open each model's first record (KWARGS in test_access_matrix.py);
# a delete takes a spare record nothing depends on (`_rule_admin_spares`).


def _rule_admin_spares() -> dict[str, Any]:
    from skyddsnat.children.models import ImmediateInvestigationRule
    from skyddsnat.followup.models import BudgetYear
    from skyddsnat.lss.models import ResourceKind
    from skyddsnat.organisation.models import Delegation, Municipality, Unit

    stockholm = Municipality.objects.get(code="0180")
    jarva = District.objects.get(slug="jarva")
    spares: list[Any] = [
        Municipality.objects.create(code="9998", name="Reservkommun"),
        District.objects.create(
            municipality=stockholm, slug="reserv", name="Reservstaden", valid_from=_today()
        ),
        Unit.objects.create(municipality=stockholm, district=jarva, kind="economic", name="Ek"),
        Delegation.objects.create(
            code="RES 1", decision_type="open_investigation", role="manager", citation="Reserv"
        ),
        InterventionType.objects.create(code="reserv", name="Reservinsats", case_kind="children"),
        ResourceKind.objects.create(code="reserv", name="Reservboende"),
        BudgetYear.objects.create(year=2040),
        Programme.objects.create(code="reserv", name="Reservprogram"),
        ImmediateInvestigationRule.objects.create(
            code="reserv", name="Reservregel", exposure="witnessed", kind="neglect", citation="R"
        ),
        BudgetLine.objects.create(
            year=BudgetYear.objects.get(year=2021),
            programme=Programme.objects.get(code="sugar-dating"),
            district=jarva,
            change_sek=1_000,
        ),
        EmployerContributionRate.objects.create(year=2041, percent=30),
        StaffCostMapping.objects.create(
            programme=Programme.objects.get(code="sugar-dating"), role="coordinator"
        ),
    ]
    # The oldest age band ends at 120 here, so that bands above it may be added and deleted
    # without overlapping it.
    AgeBand.objects.filter(age_to__isnull=True).update(age_to=120)
    spares.append(AgeBand.objects.create(age_from=130, age_to=140))
    return {f"spare {type(obj)._meta.label_lower}": obj for obj in spares}


def _form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return [getattr(item, "pk", item) for item in value]
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _admin_form(obj: Any, **changes: Any) -> dict[str, Any]:
    """The admin's change form for `obj` as its page posts it (a false checkbox is left out)."""
    from django.forms.models import model_to_dict

    data = {name: _form_value(value) for name, value in model_to_dict(obj).items()}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def _first(model: type) -> Any:
    return model._default_manager.order_by("pk").first()


def _rule_admin_writes() -> dict[str, Write]:
    from skyddsnat.cases.admin_site import site
    from skyddsnat.cases.models import DeadlineRule
    from skyddsnat.children.models import ConsentRule, ImmediateInvestigationRule
    from skyddsnat.followup.models import BudgetYear
    from skyddsnat.investigations.models import PartyRule
    from skyddsnat.lss.models import InterventionRule
    from skyddsnat.organisation.models import Delegation, Municipality, Unit

    def stockholm() -> int:
        return Municipality.objects.get(code="0180").pk

    def jarva() -> int:
        return District.objects.get(slug="jarva").pk

    adds: dict[type, Callable[[], dict[str, Any]]] = {
        Municipality: lambda: {"code": "2999", "name": "Nykommun"},
        District: lambda: {
            "municipality": stockholm(),
            "slug": "nystaden",
            "name": "Nystaden",
            "area": "outer",
            "population": 1000,
            "valid_from": "2024-01-01",
        },
        Unit: lambda: {
            "municipality": stockholm(),
            "district": jarva(),
            "kind": "psychiatry",
            "name": "Socialpsykiatri, Järva",
        },
        Delegation: lambda: {
            "code": "BU 9.9",
            "decision_type": "no_investigation",
            "role": "manager",
            "citation": "Delegationsordningen",
        },
        InterventionType: lambda: {
            "code": "ny-insats",
            "name": "Ny insats",
            "case_kind": "children",
            "legal_basis": "sol",
        },
        ResourceKind: lambda: {"code": "nytt-boende", "name": "Nytt boende"},
        ImmediateInvestigationRule: lambda: {
            "code": "bevittnat-sexuellt",
            "name": "Bevittnat sexuellt våld",
            "exposure": "witnessed",
            "kind": "sexual",
            "active": "on",
            "citation": "Kommunens riktlinje",
        },
        BudgetYear: lambda: {"year": 2035, "decided_by": "Kommunfullmäktige"},
        Programme: lambda: {"code": "nytt", "name": "Nytt program"},
        BudgetLine: lambda: {
            "year": BudgetYear.objects.get(year=2021).pk,
            "programme": Programme.objects.get(code="sugar-dating").pk,
            "change_sek": 2_000_000,
        },
        AgeBand: lambda: {"age_from": 150, "age_to": 160, "note": "Ny åldersgrupp"},
        EmployerContributionRate: lambda: {"year": 2030, "percent": "31.42", "source": "Ny"},
        StaffCostMapping: lambda: {
            "programme": Programme.objects.get(code="sugar-dating").pk,
            "role": "caseworker",
            "unit_kind": "lss",
        },
    }
    # The field each change edits, and its new value.
    changes: dict[type, tuple[str, Any]] = {
        DeadlineRule: ("citation", "Ändrad lagrumshänvisning"),
        InterventionType: ("citation", "Ändrad lagrumshänvisning"),
        Municipality: ("name", "Ändrat namn"),
        District: ("population", 12_345),
        Unit: ("name", "Ändrat namn"),
        Delegation: ("citation", "Ändrad lagrumshänvisning"),
        InterventionRule: ("max_age", 99),
        ResourceKind: ("name", "Ändrat namn"),
        BudgetYear: ("decided_by", "Ändrat beslut"),
        Programme: ("description", "Ändrad beskrivning"),
        BudgetLine: ("note", "Ändrad not"),
        ConsentRule: ("note", "Ändrad not"),
        ImmediateInvestigationRule: ("citation", "Ändrad lagrumshänvisning"),
        PartyRule: ("citation", "Ändrat lagrum"),
        RetentionRule: ("citation", "Ändrad lagrumshänvisning"),
        AgeBand: ("note", "Ändrad not"),
        EmployerContributionRate: ("source", "Ändrad källa"),
        StaffCostMapping: ("unit_kind", "economic"),
    }
    writes: dict[str, Write] = {}
    for model, model_admin in site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        field, value = changes[model]
        writes[f"{prefix}_change"] = Write(
            by="admin_user",
            body=lambda w, model=model, field=field, value=value: _admin_form(
                _first(model), **{field: value}
            ),
            effect=lambda w, model=model, field=field: (
                model._default_manager.filter(pk=_first(model).pk).values_list(field).get()
            ),
        )
        if not model_admin.may_add_and_delete:
            continue
        spare = f"spare {model._meta.label_lower}"
        writes[f"{prefix}_add"] = Write(
            by="admin_user",
            body=lambda w, make=adds[model]: make(),
            effect=lambda w, model=model: model._default_manager.count(),
        )
        writes[f"{prefix}_delete"] = Write(
            by="admin_user",
            kwargs=lambda w, spare=spare: {"object_id": _o(w, spare).pk},
            body=lambda w: {"post": "yes"},
            effect=lambda w, model=model: model._default_manager.count(),
        )
    return writes


WRITES.update(_rule_admin_writes())


# --- The public e-services (issue 11): anyone may send the forms and the public API, signed in
# as staff or not (the e-service knows nobody's staff role). An LSS application needs a signed-in
# citizen: the body builder puts one in the sending client's session (as the citizen sign-in
# does), so every persona applies as a citizen. Each write stores a submission and its flow's
# record and is logged.


def _public_form(world: World, **fields: Any) -> dict[str, Any]:
    import time
    import uuid

    from skyddsnat.eservices import spam

    return {
        "issued": spam.issue_token(time.time() - 60),
        "submission_key": str(uuid.uuid4()),
        "website": "",
        **fields,
    }


def _as_citizen(world: World) -> None:
    from conftest import new_identity_number
    from skyddsnat.eservices.identity import CITIZEN_SESSION_KEY, Citizen, session_data

    session = world.objects["client"].session
    session[CITIZEN_SESSION_KEY] = session_data(
        Citizen(
            subject="citizen-matrix",
            personal_identity_number=new_identity_number(dt.date(1990, 1, 1)),
            name="Maja Medborgare",
        )
    )
    session.save()


def _lss_form(world: World) -> dict[str, Any]:
    _as_citizen(world)
    return _public_form(
        world,
        applicant_role="person",
        interventions=[InterventionType.objects.get(code="lss-companion").pk],
        district=District.objects.get(slug="jarva").pk,
    )


def _lss_api(world: World) -> dict[str, Any]:
    _as_citizen(world)
    return {"applicant_role": "person", "interventions": ["lss-companion"], "district": "jarva"}


def _submissions(world: World) -> int:
    from skyddsnat.eservices.models import Submission

    return Submission.objects.count()


def _language(world: World) -> str:
    from django.conf import settings

    cookie = world.objects["client"].cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else ""


ESERVICE_WRITES: dict[str, Write] = {
    "eservices:concern": Write(
        by="anonymous",
        body=lambda w: _public_form(
            w,
            reporter_kind="anonymous",
            first_name="Vera",
            last_name="Matrisson",
            district=District.objects.get(slug="jarva").pk,
            description="Grannens barn lämnas ensamt om nätterna.",
        ),
        effect=_submissions,
    ),
    "eservices:help": Write(
        by="anonymous",
        body=lambda w: _public_form(
            w,
            about="my_child",
            name="Maja Medborgare",
            phone="070-000 00 00",
            district=District.objects.get(slug="jarva").pk,
            description="Vi behöver stöd i föräldraskapet.",
        ),
        effect=_submissions,
    ),
    # A staff session is never a citizen (eservices/tests/test_citizen_is_not_staff.py).
    "eservices:lss": Write(
        by="anonymous",
        body=_lss_form,
        effect=_submissions,
        allowed=frozenset({"anonymous"}),
        unchecked=STAFF,
    ),
    "eservices:language": Write(
        by="anonymous",
        body=lambda w: {"language": "en", "next": "/e-tjanst/"},
        effect=_language,
        audited=False,
    ),
    "api-public-concern-reports": Write(
        by="anonymous",
        body=lambda w: {
            "reporter": {"kind": "private", "name": "Maja Medborgare"},
            "child": {"first_name": "Vera", "last_name": "Matrisson"},
            "district": "jarva",
            "description": "Grannens barn lämnas ensamt om nätterna.",
        },
        effect=_submissions,
    ),
    "api-public-lss-applications": Write(
        by="anonymous",
        body=_lss_api,
        effect=_submissions,
        allowed=frozenset({"anonymous"}),
        unchecked=STAFF,
    ),
}
WRITES.update(ESERVICE_WRITES)


def route_name(key: str) -> str:
    return key.split(" ", 1)[0]


# ----- trying a write -----------------------------------------------------------------------------


class _Undo(Exception):
    """Raised to roll a try back."""


@contextmanager
def rolled_back(client: Client) -> Iterator[None]:
    """One try: its database writes are rolled back, and the client gets its cookies back (a
    sign-in or sign-out in the try moved it to a session the rollback removed)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass
    finally:
        client.cookies = cookies


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _address(key: str, write: Write, world: World, *, missing: bool = False) -> str:
    """The entry's address; `missing`: with an id that does not exist in place of every id."""
    name = route_name(key)
    route = next(r for r in all_routes() if r.url_name == name and " " not in r.name)
    given = write.kwargs(world) if write.kwargs else {}
    kwargs = {}
    for k in route.kwargs:
        maker = kwarg_maker(name, k)
        assert maker is not None
        kwargs[k] = given[k] if k in given else maker(world)
        if missing and k.endswith("_id"):
            kwargs[k] = MISSING_ID
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{write.query(world)}" if write.query else url


def _send(client: Client, write: Write, url: str, world: World):
    body = write.body(world)
    send = getattr(client, write.method)
    if _is_api(url) and not write.multipart:
        return send(url, data=json.dumps(body), content_type="application/json")
    return send(url, data=body)


def _last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# Audit actions that record a read (a list, a search, a record shown, a refused read), not a write.
READ_ACTIONS = (".read", ".list", ".search", ".refused", ".view", ".show")


def _writes_logged(since: int) -> set[str]:
    actions = AuditEntry.objects.filter(pk__gt=since).values_list("action", flat=True)
    return {a for a in actions if not a.endswith(READ_ACTIONS)}


def _refused(persona: str, url: str, status: int, location: str) -> bool:
    if persona == "anonymous":
        return status == 401 if _is_api(url) else status == 302 and location.startswith("/login/")
    return status in (403, 404)


def _forbidden_texts(persona: str, world: World) -> dict[str, str]:
    """What an answer to a refused persona must not show."""
    texts = {"protected address": PROTECTED_STREET}
    for readers, _pk, personal in _secrets(world):
        if persona not in readers:
            texts.update(personal)
    if persona not in JARVA:
        texts.update({f"child {name}": name for name in EXTRA_CHILDREN})
    if persona not in JARVA_LSS:
        texts.update({f"LSS applicant {name}": name for name in EXTRA_LSS})
    return texts


def _who_may(key: str, write: Write) -> tuple[frozenset[str], frozenset[str]]:
    """(must succeed, must be refused) among the personas."""
    access = ACCESS[route_name(key)]
    may = access.may_post | {write.by}
    allowed = (may if write.allowed is None else write.allowed) - write.unchecked | {write.by}
    refused = frozenset(PERSONAS) - allowed - write.unchecked - write.invalid_for
    return frozenset(allowed), refused


def try_writes(keys: list[str], world: World, clients: dict[str, Client]) -> list[str]:
    problems: list[str] = []
    for key in keys:
        write = WRITES[key]
        url = _address(key, write, world)
        allowed, refused = _who_may(key, write)

        # 1 and 2: the body is valid, for everyone who may write there.
        written: set[str] = set()
        for persona in sorted(allowed, key=lambda p: p != write.by):
            world.objects["client"] = clients[persona]
            with rolled_back(clients[persona]):
                before, since = write.effect(world), _last_audit()
                response = _send(clients[persona], write, url, world)
                changed = write.effect(world) != before
                logged = _writes_logged(since)
            if not 200 <= response.status_code < 400 or not changed:
                problems.append(
                    f"{key} as {persona}: the valid body did not write "
                    f"({response.status_code}, changed: {changed}): {_body(response)[:300]}"
                )
            elif write.audited and not logged:
                problems.append(f"{key} as {persona}: written without an audit entry")
            if persona == write.by:
                written = logged

        # 3: everyone else is refused, and nothing changes.
        for persona in sorted(refused | write.invalid_for):
            world.objects["client"] = clients[persona]
            with rolled_back(clients[persona]):
                rows, states = _row_counts(), _case_state(world)
                before, since = write.effect(world), _last_audit()
                response = _send(clients[persona], write, url, world)
                after_rows, after_states = _row_counts(), _case_state(world)
                changed = write.effect(world) != before
                logged = _writes_logged(since) & written
            status = response.status_code
            if persona in write.invalid_for:
                ok = status == 400
            else:
                ok = _refused(persona, url, status, response.get("Location", ""))
            if not ok:
                problems.append(f"{key} as {persona}: expected a refusal, got {status}")
            if changed or after_rows != rows or after_states != states:
                diff = {k: (rows[k], v) for k, v in after_rows.items() if rows.get(k) != v}
                problems.append(f"{key} as {persona}: a refused write changed something {diff}")
            if logged:
                problems.append(f"{key} as {persona}: a refused write was logged as {logged}")
            body = _body(response)
            for label, text in _forbidden_texts(persona, world).items():
                if text in body:
                    problems.append(f"{key} as {persona}: the refusal shows the {label}")
            problems += _probe(key, write, world, persona, clients[persona], url, response)
    return problems


def _probe(key: str, write: Write, world: World, persona: str, client: Client, url: str, hidden):
    """A persona who may not use the record: its valid write answers exactly like the same write
    to an id that does not exist (a record one may see but not change may answer 403)."""
    name = route_name(key)
    access = ACCESS[name]
    # Who sees the record: the Järva LSS unit its LSS records, the Järva children's unit the rest.
    sees = JARVA_LSS if "lss" in name else JARVA
    missing_url = _address(key, write, world, missing=True)
    if persona == "anonymous" or persona in sees | access.get | access.may_post:
        return []
    if missing_url == url:
        return []
    with rolled_back(client):
        missing = _send(client, write, missing_url, world)
    seen = (hidden.status_code, _body(hidden).replace(url, "<url>"))
    if seen == (missing.status_code, _body(missing).replace(missing_url, "<url>")):
        return []
    return [
        f"{key} as {persona}: a hidden record answers {hidden.status_code}, "
        f"a missing one {missing.status_code}"
        + (" (bodies differ)" if seen[0] == missing.status_code else "")
    ]


def _clients(request) -> dict[str, Client]:
    clients = {}
    for persona in (*PERSONAS, "budget_clerk"):
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        clients[persona] = client
    return clients


# ----- the checks ---------------------------------------------------------------------------------

AREAS = {
    "children and case pages": ("cases-", "children-", "drafts-"),
    "API": ("api-case", "api-report", "api-early", "api-token", "api-referral"),
    "LSS": ("lss-", "api-lss-"),
    "follow-up and sign-in": ("followup-", "login", "logout", "signin-"),
    "rule admin": ("admin:",),
    "investigations": ("investigations-", "api-investigation"),
    "care (LVU and placements)": ("care-", "api-lvu", "api-placement"),
    "notices": ("jobs-",),
    "retention": ("retention-", "api-retention"),
    "programmes": ("programmes-", "api-programme", "api-participant"),
    "consents and partners": ("partners-", "api-person-", "api-consent", "api-partner"),
    "outreach and welfare crime": ("outreach-", "welfarecrime-", "api-outreach", "api-welfare"),
    "public e-services": ("eservices:", "api-public-", "api-help-request"),
    "records (letters and documents)": (
        "letters-",
        "documents-",
        "api-letter",
        "api-case-letters",
        "api-case-documents",
    ),
}


def _area_of(key: str) -> str:
    name = route_name(key)
    matches = [area for area, prefixes in AREAS.items() if name.startswith(prefixes)]
    # The longest prefix wins ("api-lss-" over "api-").
    return max(
        matches,
        key=lambda area: max(len(p) for p in AREAS[area] if name.startswith(p)),
        default="",
    )


def test_every_write_entry_belongs_to_an_area():
    assert not [key for key in WRITES if not _area_of(key)]


@pytest.mark.parametrize("area", list(AREAS))
def test_a_valid_write_succeeds_for_its_writers_and_is_refused_for_everyone_else(
    request, write_world, budget_clerk, area
):
    keys = sorted(key for key in WRITES if _area_of(key) == area)
    assert keys
    problems = try_writes(keys, write_world, _clients(request))
    assert not problems, "\n".join(problems)


def _tester(name: str) -> str | None:
    """A persona who may use the route (so that a refusal of the method is the method's): the
    table's writer, else the first who may read it; None when nobody may use it."""
    writers = [w.by for key, w in WRITES.items() if route_name(key) == name]
    if writers:
        return writers[0]
    access = ACCESS[name]
    return next((p for p in PERSONAS if p in access.get | access.may_post), None)


def test_every_route_that_accepts_a_write_is_in_the_table(request, world, budget_clerk):
    """Every URL, every write method, as someone who may use the URL: anything but 405 is a write
    route, and needs its valid body in WRITES."""
    clients = _clients(request)
    declared = {(route_name(key), w.method) for key, w in WRITES.items()}
    accepted: set[tuple[str, str]] = set()
    for route in sorted(all_routes(), key=lambda r: r.name):
        if " " in route.name or route.name not in ACCESS:
            continue  # variants share the view; unknown names fail in test_access_matrix
        url = address(route, world)
        persona = _tester(route.name)
        for method in WRITE_METHODS:
            if (route.name, method) in declared:
                accepted.add((route.name, method))
                continue
            response = getattr(clients[persona or "caseworker"], method)(url)
            # A URL nobody may use refuses every method (the API's unknown addresses).
            refusals = (405,) if persona else (403, 404, 405)
            if response.status_code not in refusals:
                accepted.add((route.name, method))
    missing = sorted(accepted - declared)
    assert not missing, (
        "These routes accept a write but have no valid body in WRITES "
        f"(skyddsnat/tests/test_access_matrix_writes.py): {missing}"
    )


def test_the_write_table_names_only_write_routes():
    names = {route.name for route in all_routes()}
    stale = sorted(key for key in WRITES if route_name(key) not in names)
    assert not stale, f"No URL has these names: {stale}"
    outside = sorted(
        key
        for key, w in WRITES.items()
        if w.allowed is not None and not w.allowed <= ACCESS[route_name(key)].may_post | {w.by}
    )
    assert not outside, f"`allowed` may only narrow who ACCESS lets write: {outside}"
