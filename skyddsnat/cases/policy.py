"""May this user do this? The one place that answers, for pages and the API alike.

Views, endpoints and services ask these functions; none of them compares roles itself. Three kinds
of answer, each with its own status everywhere (pages and API alike; docs/architecture.md):

- **A record** the user may not see (a case, a person, an application) answers **404**, exactly
  like one that does not exist (`get_case_for_user`, `get_person_for_user`), so that probing ids
  tells an outsider nothing. The refused look is logged.
- **A whole area** a role may not use (the case pages for a politician, follow-up for a
  caseworker, the log review for anyone but the auditor) also answers **404** (`require`): what a
  role may not use does not exist for it.
- **An action on a record the user sees** but may not take (a decision without a delegation line,
  assigning a case of another unit) answers **403** with the reason (services raise
  `PermissionDenied`; a page shows it on the form).

Flows (children, LSS, the programmes to come) do not add rules here by comparing roles in their
views: they ask these questions, and a question that is new goes here.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseKind, InterventionType, LegalBasis
from skyddsnat.organisation.models import DecisionType, Delegation, Role, UnitKind, User
from skyddsnat.people.models import Person

# Members of this auth group enter budgets (with any role); a data-migration creates the group.
BUDGET_GROUP = "budget"

FOLLOW_UP_ROLES = frozenset({Role.POLITICIAN, Role.ANALYST, Role.MANAGER})


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def require(allowed: bool) -> None:
    """Refuse a page or endpoint a role may not use: 404, like a page that does not exist."""
    if not allowed:
        raise Http404


# --- Areas: may this user use these pages and endpoints at all? ----------------------------------


def works_with_cases(user: User) -> bool:
    """Caseworkers, LSS case officers and unit managers: the roles that handle cases."""
    return _active(user) and user.works_with_cases


def is_manager(user: User) -> bool:
    """A unit manager (their unit's queue, assignments, staff figures)."""
    return _active(user) and user.role == Role.MANAGER


def is_auditor(user: User) -> bool:
    """The auditor reviews the log; nobody else reads it."""
    return _active(user) and user.role == Role.AUDITOR


def is_archivist(user: User) -> bool:
    """The archivist proposes and approves the removals of the retention rules (gallring): sees
    who is due and why, never the content of a file."""
    return _active(user) and user.role == Role.ARCHIVIST


def is_admin(user: User) -> bool:
    """The administrator keeps the rule data (deadline rules, catalogues, delegation order)."""
    return _active(user) and user.role == Role.ADMIN


def may_manage_all_api_tokens(user: User) -> bool:
    """The administrator sees and revokes every user's API tokens; others only their own."""
    return is_admin(user)


def is_lss_staff(user: User) -> bool:
    """An LSS case officer or a manager of an LSS unit (the LSS pages and API)."""
    return (
        _active(user)
        and user.role in (Role.LSS_OFFICER, Role.MANAGER)
        and user.unit is not None
        and user.unit.kind == UnitKind.LSS
    )


def manages_places(user: User) -> bool:
    """Who works the places and queues (the housing queue page, offers, `/api/v1/lss/queue/`):
    LSS staff, and a children and youth unit's manager, whose unit's granted sheltered housing
    (skyddat boende) waits there (issue 10 point 5). Each sees only their visible cases' entries."""
    return is_lss_staff(user) or (
        is_manager(user) and user.unit is not None and user.unit.kind == UnitKind.CHILDREN
    )


def receives_help_requests(user: User) -> bool:
    """The reception of a children and youth unit (its caseworkers and managers) reads the
    requests for help sent to the unit through the public e-service (issue 11)."""
    return gives_early_help(user)


def gives_early_help(user: User) -> bool:
    """Caseworkers and managers of a children and youth unit give early help (without a needs
    assessment), list it and end it."""
    return (
        _active(user)
        and user.role in (Role.CASEWORKER, Role.MANAGER)
        and user.unit is not None
        and user.unit.kind == UnitKind.CHILDREN
    )


def registers_concern_reports(user: User) -> bool:
    """Concern reports (and "Barn" as the person of a case) belong to the children's side: LSS
    staff, whose cases are mostly about adults, are not offered the report form."""
    return works_with_cases(user) and not is_lss_staff(user)


def may_follow_up(user: User) -> bool:
    """Politicians and analysts see aggregates; a unit manager sees their district and the city."""
    return _active(user) and user.role in FOLLOW_UP_ROLES


def is_budget_staff(user: User) -> bool:
    """Enters budgets: membership of the budget group, whatever the role."""
    return _active(user) and user.groups.filter(name=BUDGET_GROUP).exists()


def may_see_budget(user: User) -> bool:
    return may_follow_up(user) or is_budget_staff(user)


def may_export_microdata(user: User) -> bool:
    """The national statistics files are individual rows (pseudonymised): analysts only."""
    return _active(user) and user.role == Role.ANALYST


def may_import_staff_figures(user: User) -> bool:
    """Managers (their own unit) and budget staff (any unit) import staff figures."""
    return is_manager(user) or is_budget_staff(user)


# --- Records: which cases and persons does this user see? ----------------------------------------


def visible_cases(user: User) -> QuerySet[Case]:
    """Cases of the user's unit or assigned to them; nothing for roles without case access."""
    if not _active(user):
        return Case.objects.none()
    # Every case has a unit: staff without one see only what is assigned to them.
    if user.role in (Role.CASEWORKER, Role.LSS_OFFICER):
        if user.unit_id is None:
            return Case.objects.filter(assigned_to=user)
        return Case.objects.filter(Q(unit_id=user.unit_id) | Q(assigned_to=user))
    if user.role == Role.MANAGER and user.unit_id is not None:
        return Case.objects.filter(unit_id=user.unit_id)
    if user.role == Role.COORDINATOR:
        # A programme coordinator: the programme cases of their district (skyddsnat.programmes).
        return Case.objects.filter(
            kind=CaseKind.PROGRAMME, district_id=programme_district_id(user) or 0
        )
    return Case.objects.none()


def as_id(value: object) -> int | None:
    """A requested id as a positive 64-bit integer, or None for anything else."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (ValueError, TypeError, OverflowError):
        return None
    return number if 0 < number < 2**63 else None


def get_case_for_user(user: User, case_id: int) -> Case:
    """The case, if the user may see it; otherwise 404 (and the refused look is logged)."""
    try:
        return (
            visible_cases(user)
            .select_related("person", "district", "unit", "assigned_to")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        # A refused look is logged under the case (and its person, for the auditor's search by
        # person), never told to the user: the answer stays the 404 of a case that does not exist.
        number = as_id(case_id)
        person_id = (
            Case.objects.filter(pk=number).values_list("person_id", flat=True).first()
            if number
            else None
        )
        audit_log(
            user=user,
            action="cases.case.refused",
            person_id=person_id,
            case_id=number,
            requested=str(case_id)[:40],
        )
        raise Http404 from None


def may_see_case(user: User, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons the user meets through a case they may see (the child of the case).

    Early help given without a case does not open the child's record: anyone may type any number
    into that form, and the record may be another district's (protected) child. The unit's early
    help lists show the names the unit registered instead (`children.EarlyHelp.first_name`)."""
    return Person.objects.filter(pk__in=visible_cases(user).values("person_id"))


def get_person_for_user(user: User, person_id: int) -> Person:
    """The person, if the user meets them through a visible case; otherwise 404 (logged)."""
    try:
        return visible_persons(user).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        number = as_id(person_id)
        audit_log(
            user=user,
            action="people.person.refused",
            person_id=number if number and Person.objects.filter(pk=number).exists() else None,
            requested=str(person_id)[:40],
        )
        raise Http404 from None


def may_see_address(user: User, person: Person) -> bool:
    """A protected person's address only for staff with a recorded, explicit need."""
    return not person.is_protected or user.may_see_protected_addresses


# --- Actions on a record the user sees ----------------------------------------------------------


def delegation_line(
    user: User, decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> Delegation | None:
    """The line of the delegation order that lets this user take this decision, or None.

    The delegation table decides, for the page (which forms to offer) and the service (which
    decisions to record) alike; a municipality that changes its delegation order changes both."""
    if not _active(user):
        return None
    lines = Delegation.objects.filter(decision_type=decision_type, role=user.role)
    if intervention_type is not None:
        lines = lines.filter(
            Q(intervention_type__isnull=True) | Q(intervention_type=intervention_type)
        )
    # A line for this very intervention (e.g. LVU, recorded for the committee) wins over a
    # general one; NULLS LAST says so on every database (SQLite sorts NULL first).
    return lines.order_by(F("intervention_type_id").asc(nulls_last=True), "code").first()


def may_decide(
    user: User, decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> bool:
    return delegation_line(user, decision_type, intervention_type) is not None


def deciding_role(
    decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> Role | None:
    """Who a decision goes to when the user's delegation does not cover it ("send to …"): the
    unit manager when the delegation order gives it to them, else the first role it names."""
    lines = Delegation.objects.filter(decision_type=decision_type)
    if intervention_type is not None:
        lines = lines.filter(
            Q(intervention_type__isnull=True) | Q(intervention_type=intervention_type)
        )
    roles = set(lines.values_list("role", flat=True))
    if Role.MANAGER in roles:
        return Role.MANAGER
    return Role(sorted(roles)[0]) if roles else None


def refers_decision(
    user: User, decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> bool:
    """Whether this user is offered "Skicka till …" instead of the decision form: their
    delegation does not cover it, and the delegation order names someone whose it is."""
    return not may_decide(user, decision_type, intervention_type) and (
        deciding_role(decision_type, intervention_type) is not None
    )


def decidable_intervention_types(user: User, case_kind: str) -> QuerySet[InterventionType]:
    """The interventions of this kind of case the user's delegation covers (the decision form
    offers these; the others go to "Skicka till …"). LVU is not among them: it is recorded in the
    case's LVU section, from its own events."""
    types = InterventionType.objects.filter(case_kind=case_kind).exclude(legal_basis=LegalBasis.LVU)
    if not _active(user):
        return types.none()
    lines = Delegation.objects.filter(decision_type=DecisionType.INTERVENTION, role=user.role)
    if lines.filter(intervention_type__isnull=True).exists():
        return types
    return types.filter(pk__in=lines.values("intervention_type_id"))


def referable_intervention_types(user: User, case_kind: str) -> QuerySet[InterventionType]:
    """The interventions of this kind the user may not decide but the delegation order gives to
    someone: offered as "Skicka till …"."""
    decided_by_someone = Delegation.objects.filter(decision_type=DecisionType.INTERVENTION).filter(
        Q(intervention_type__isnull=True) | Q(intervention_type=OuterRef("pk"))
    )
    return (
        InterventionType.objects.filter(case_kind=case_kind)
        .exclude(legal_basis=LegalBasis.LVU)
        .exclude(pk__in=decidable_intervention_types(user, case_kind).values("pk"))
        .filter(Exists(decided_by_someone))
    )


def may_decide_referrals(user: User) -> bool:
    """The queue of decisions sent to the user's role ("Beslut att fatta"): the unit manager."""
    return is_manager(user)


def may_assign(user: User, case: Case) -> bool:
    """The unit's manager assigns the unit's cases."""
    return is_manager(user) and case.unit_id == user.unit_id


def may_manage_unit(user: User, unit_id: int | None) -> bool:
    """The manager of this very unit (its queue, its staff figures)."""
    return is_manager(user) and unit_id is not None and user.unit_id == unit_id


# --- Scope: how much of what a user may open do they see? ---------------------------------------

# The roles that are assigned cases (a manager assigns, and is not assigned, the unit's cases).
CASE_HANDLER_ROLES = (Role.CASEWORKER, Role.LSS_OFFICER)

# Roles that see the follow-up only in aggregate, with small groups hidden.
AGGREGATE_ROLES = frozenset({Role.POLITICIAN, Role.ANALYST})


def handles_cases(user: User) -> bool:
    """A caseworker or LSS case officer: a case they register is theirs to handle."""
    return _active(user) and user.role in CASE_HANDLER_ROLES


def sees_aggregates_only(user: User) -> bool:
    """Politicians and analysts: figures of fewer than five people are hidden from them."""
    return _active(user) and user.role in AGGREGATE_ROLES


def managed_district_slug(user: User) -> str | None:
    """The current district of a manager's unit (follows mergers); None for everyone else."""
    if not is_manager(user) or user.unit is None or user.unit.district is None:
        return None
    return user.unit.district.current().slug


# --- Investigations (skyddsnat.investigations) ---------------------------------------------------


def works_on_investigations(user: User) -> bool:
    """The investigation's content (plan, conversations, areas, assessment, kommunicering) is
    written by those who handle children's cases: caseworkers and managers of a children and
    youth unit, on a case they see (`get_case_for_user`)."""
    return gives_early_help(user)


def may_override_communication(user: User) -> bool:
    """Who may record that a decision is taken before the kommunicering's reply date (with its
    reason): whoever may end the investigation under the delegation order."""
    return works_on_investigations(user) and may_decide(user, DecisionType.END_INVESTIGATION)


# --- Targeted programmes (skyddsnat.programmes): SIG, SSPF, crime exit ---------------------------


def programme_district_id(user: User) -> int | None:
    """The district whose programmes the user works with: a coordinator's (the district of their
    unit), and for the staff of the district's children and youth unit, where a participant's
    case lies, that district. None for everyone else."""
    if not _active(user) or user.unit is None or user.unit.district_id is None:
        return None
    if user.role == Role.COORDINATOR:
        return user.unit.district_id
    if user.role in (Role.MANAGER, Role.CASEWORKER) and user.unit.kind == UnitKind.CHILDREN:
        return user.unit.district_id
    return None


def works_with_programmes(user: User) -> bool:
    """Reads the programmes of a district: its coordinators and the children and youth unit's
    manager and caseworkers (the participants' cases are that unit's)."""
    return programme_district_id(user) is not None


def writes_programmes(user: User) -> bool:
    """Registers participants, writes the action plan, meetings and endings: the district's
    coordinators and the unit's manager. Caseworkers read (the participant may be their
    client) but the programme is run by its coordinator."""
    return works_with_programmes(user) and user.role in (Role.COORDINATOR, Role.MANAGER)


def sees_programme_figures(user: User) -> bool:
    """The programmes in the follow-up (participants, outcomes, cost): those who follow up, in
    aggregate with small groups hidden for politicians and analysts."""
    return may_follow_up(user)


# --- Partner agencies and consents (skyddsnat.partners) ------------------------------------------


def is_partner(user: User) -> bool:
    """A user of a partner agency (police, school, region…): sees only what an active consent
    shares with their agency (`partners.sharing`), and nothing of the case pages or the API's
    staff endpoints (every one of them asks a predicate above that a partner does not meet)."""
    return _active(user) and user.role == Role.PARTNER and bool(user.agency)


def may_record_consents(user: User) -> bool:
    """Consents and disclosures are recorded by those who handle the person's case (on a person
    they see, `get_person_for_user`) and by the programme coordinators."""
    return works_with_cases(user) or (_active(user) and user.role == Role.COORDINATOR)


# --- Outreach and welfare crime (skyddsnat.outreach, skyddsnat.welfarecrime) ---------------------
# Both are district work: an outreach worker records their district's contacts, a welfare-crime
# officer their district's signals; the unit manager of the district reads both; politicians and
# analysts see only the follow-up's aggregates (`may_follow_up`).


def home_district_id(user: User) -> int | None:
    """The current district of the user's unit (follows mergers); None without one."""
    if not _active(user) or user.unit is None or user.unit.district is None:
        return None
    return user.unit.district.current().pk


def does_outreach(user: User) -> bool:
    """An outreach worker with a district: registers outreach contacts there."""
    return _active(user) and user.role == Role.OUTREACH and home_district_id(user) is not None


def sees_outreach(user: User) -> bool:
    """The outreach pages: outreach workers and the district's unit managers."""
    return does_outreach(user) or (is_manager(user) and home_district_id(user) is not None)


def may_see_outreach_contact(user: User, district_id: int) -> bool:
    return sees_outreach(user) and home_district_id(user) == district_id


def handles_welfare_crime(user: User) -> bool:
    """A welfare-crime officer with a district: registers and assesses its signals."""
    return _active(user) and user.role == Role.WELFARE_CRIME and home_district_id(user) is not None


def sees_welfare_crime(user: User) -> bool:
    """The district's register of signals: its welfare-crime officers and unit managers."""
    return handles_welfare_crime(user) or (is_manager(user) and home_district_id(user) is not None)


def may_see_signal(user: User, district_id: int) -> bool:
    return sees_welfare_crime(user) and home_district_id(user) == district_id


# --- Records: letters and documents (skyddsnat.letters, skyddsnat.documents) ---------------------


def works_with_case_records(user: User) -> bool:
    """Letters sent and documents taken in on a case: the roles that handle cases, on a case
    they see (`get_case_for_user` answers 404 for any other)."""
    return works_with_cases(user)


def may_edit_letter_templates(user: User) -> bool:
    """The municipality's letter templates are rule data: the administrator keeps them."""
    return is_admin(user)
