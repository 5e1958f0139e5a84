"""Places and queues: one module for LSS housing and any other capacity (here a school resource
group for the children's flow), configured by data only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.followup import lss as lss_followup
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.lss import selectors, services
from skyddsnat.lss.models import Facility, QueueEntry, ResourceKind
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.organisation.models import District


def housing_decision(manager, make_application, decided_on=dt.date(2024, 2, 1), **kw):
    application = make_application(manager, codes=("lss-housing-adults",), **kw)
    assess(manager, application)
    return grant(
        manager, application.requests.get(), on=decided_on, scope_amount=None, scope_unit=""
    )


@pytest.fixture
def group_home(lss_manager):
    return services.facility_create(
        user=lss_manager,
        resource_kind=ResourceKind.objects.get(code="lss-housing-adults"),
        name="Gruppbostaden Tensta",
        places=1,
        district=District.objects.get(slug="jarva"),
    )


def test_a_granted_housing_decision_joins_the_queue(lss_manager, make_application):
    decision = housing_decision(lss_manager, make_application)
    entry = QueueEntry.objects.get(decision=decision)
    assert entry.resource_kind.code == "lss-housing-adults"
    assert entry.queued_on == dt.date(2024, 2, 1)
    assert entry.district.slug == "jarva"


def test_a_companion_decision_does_not_queue(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    assert not QueueEntry.objects.filter(decision=decision).exists()


def test_offers_refusals_and_acceptance_fill_places(lss_manager, make_application, group_home):
    first = housing_decision(lss_manager, make_application).queue_entry
    second = housing_decision(
        lss_manager, make_application, decided_on=dt.date(2024, 3, 1)
    ).queue_entry
    offer = services.offer_make(
        user=lss_manager, entry=first, facility=group_home, offered_on=dt.date(2024, 5, 1)
    )
    # The only place is held by the pending offer.
    with pytest.raises(ValidationError) as exc:
        services.offer_make(
            user=lss_manager, entry=second, facility=group_home, offered_on=dt.date(2024, 5, 2)
        )
    assert "facility" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.offer_answer(
            user=lss_manager, offer=offer, accepted=False, answered_on=dt.date(2024, 5, 3)
        )
    services.offer_answer(
        user=lss_manager,
        offer=offer,
        accepted=False,
        answered_on=dt.date(2024, 5, 3),
        refusal_reason="Vill bo närmare familjen.",
    )
    first.refresh_from_db()
    assert first.status == "waiting"
    offer2 = services.offer_make(
        user=lss_manager, entry=second, facility=group_home, offered_on=dt.date(2024, 5, 4)
    )
    services.offer_answer(
        user=lss_manager, offer=offer2, accepted=True, answered_on=dt.date(2024, 5, 10)
    )
    second.refresh_from_db()
    assert (second.status, second.facility, second.placed_on) == (
        "placed",
        group_home,
        dt.date(2024, 5, 10),
    )
    assert services.free_places(group_home) == 0
    services.place_leave(user=lss_manager, entry=second, left_on=dt.date(2024, 9, 1))
    assert services.free_places(group_home) == 1


def test_waiting_time_is_shown_per_person_and_per_district(
    lss_manager, make_application, group_home
):
    first = housing_decision(lss_manager, make_application).queue_entry
    housing_decision(lss_manager, make_application, decided_on=dt.date(2024, 3, 1))
    rows = selectors.queue_list(user=lss_manager, on=dt.date(2024, 4, 1))
    assert [r.waiting_days for r in rows] == [60, 31]
    offer = services.offer_make(
        user=lss_manager, entry=first, facility=group_home, offered_on=dt.date(2024, 4, 1)
    )
    services.offer_answer(
        user=lss_manager, offer=offer, accepted=True, answered_on=dt.date(2024, 4, 2)
    )
    figures = lss_followup.queue_figures(user=lss_manager, on=dt.date(2024, 4, 2))
    assert [
        (f.district, f.waiting, f.median_waiting_days, f.placed, f.median_days_to_place)
        for f in figures
    ] == [("Järva", 1, 32, 1, 61)]


def test_the_queue_is_suppressed_for_politicians_when_few_wait(
    lss_manager, politician, make_application
):
    housing_decision(lss_manager, make_application)
    figures = lss_followup.queue_figures(user=politician, on=dt.date(2024, 4, 1))
    assert figures[0].waiting == SUPPRESSED
    assert figures[0].median_waiting_days == SUPPRESSED
    assert selectors.queue_list(user=politician) == []


def test_the_same_module_queues_a_childrens_decision_for_a_school_resource_group(
    manager, make_report
):
    # Configuration only: a new intervention type and its link to the kind of place.
    resource_group = InterventionType.objects.create(
        code="resource-group", name="Plats i resursgrupp", case_kind="children"
    )
    kind = ResourceKind.objects.get(code="school-resource-group")
    kind.intervention_types.add(resource_group)
    facility = Facility.objects.create(resource_kind=kind, name="Resursgruppen Rinkeby", places=8)
    report = make_report(manager, received_at=timezone.now() - dt.timedelta(days=20))
    case = report.case
    on = timezone.localdate() - dt.timedelta(days=10)
    pre_assessment_decide(
        user=manager, case=case, decided_on=on, decision="open_investigation", reason="Utreds."
    )
    case.refresh_from_db()
    decision = case_decide(
        user=manager,
        case=case,
        decided_on=on,
        outcome="grant",
        intervention_type=resource_group,
        reason="Behov av särskilt stöd.",
    )
    # The decision joined the queue by itself (`lss.registrations`: every flow's decisions).
    entry = QueueEntry.objects.get(decision=decision)
    assert entry.resource_kind == kind
    offer = services.offer_make(user=manager, entry=entry, facility=facility, offered_on=on)
    services.offer_answer(user=manager, offer=offer, accepted=True, answered_on=on)
    entry.refresh_from_db()
    assert entry.status == "placed"
    assert [r.entry for r in selectors.queue_list(user=manager)] == []


def test_an_offer_must_match_the_kind_of_place(lss_manager, make_application):
    entry = housing_decision(lss_manager, make_application).queue_entry
    other = Facility.objects.create(
        resource_kind=ResourceKind.objects.get(code="skyddat-boende"), name="Skyddat", places=3
    )
    with pytest.raises(ValidationError):
        services.offer_make(
            user=lss_manager, entry=entry, facility=other, offered_on=dt.date(2024, 3, 1)
        )


def test_another_districts_officer_cannot_offer_a_place(
    lss_manager, lss_outsider, make_application, group_home
):
    from django.core.exceptions import PermissionDenied

    entry = housing_decision(lss_manager, make_application).queue_entry
    with pytest.raises(PermissionDenied):
        services.offer_make(
            user=lss_outsider, entry=entry, facility=group_home, offered_on=dt.date(2024, 3, 1)
        )


def test_the_queue_page_runs_a_fixed_number_of_queries(
    client, lss_manager, make_application, group_home, django_assert_max_num_queries
):
    services.facility_create(
        user=lss_manager,
        resource_kind=group_home.resource_kind,
        name="Servicebostaden Kista",
        places=2,
        district=group_home.district,
    )
    for _ in range(5):
        housing_decision(lss_manager, make_application)
    client.force_login(lss_manager)
    # One of them reads the kinds of place for the filter form, the same for any number of rows;
    # one counts the unread notices in the header (jobs.context_processors).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("lss-queue"))
    assert response.status_code == 200
    option = f'<option value="{group_home.pk}">Gruppbostaden Tensta</option>'
    assert response.content.decode().count(option) == 5
