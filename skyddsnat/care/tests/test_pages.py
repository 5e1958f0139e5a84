"""The LVU and placement section of the case page: in Swedish, the LVU decisions offered only to
whom the delegation order gives them, each form running its service with the page's answers."""

import datetime as dt

from django.urls import reverse

from skyddsnat.care.models import ImmediateCustody, Placement, PlacementVisit
from skyddsnat.care.services import custody_decide


def _page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases-case-detail", args=[case.pk]))


def test_the_manager_is_offered_custody_and_the_caseworker_is_not(
    client, caseworker, manager, reported
):
    case = reported(dt.date(2025, 1, 20))
    page = _page(client, manager, case).content.decode()
    assert "LVU och placering" in page
    assert reverse("care-custody-create", args=[case.pk]) in page
    page = _page(client, caseworker, case).content.decode()
    assert "LVU och placering" in page
    assert reverse("care-custody-create", args=[case.pk]) not in page
    assert reverse("care-placement-create", args=[case.pk]) in page
    assert "verifiera" not in page.lower()


def test_the_manager_records_custody_from_the_page_and_the_investigation_goes_on(
    client, manager, reported
):
    case = reported(dt.date(2025, 1, 20))
    client.force_login(manager)
    answer = client.post(
        reverse("care-custody-create", args=[case.pk]),
        {"decided_on": "2025-01-22", "section": "2", "reason": "Akut fara."},
    )
    assert answer.status_code == 302
    custody = ImmediateCustody.objects.get(case=case)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "Omedelbart omhändertagande (6 § LVU)" in page
    assert "vid anmälan" in page
    assert "Utredning" in page
    # The custody was never carried out nor submitted: it has lapsed, in red on the page.
    assert "Omhändertagandet har upphört" in page
    assert reverse("care-custody-carried-out", args=[case.pk, custody.pk]) in page


def test_a_refused_form_answers_400_in_swedish_and_stores_nothing(client, manager, reported):
    case = reported(dt.date(2025, 1, 20))
    client.force_login(manager)
    answer = client.post(
        reverse("care-custody-create", args=[case.pk]),
        {"decided_on": "2025-01-22", "section": "2", "reason": "a\u202eb"},
    )
    assert answer.status_code == 400
    assert not ImmediateCustody.objects.exists()


def test_a_caseworker_posting_custody_is_refused_403(client, caseworker, reported):
    case = reported(dt.date(2025, 1, 20))
    client.force_login(caseworker)
    answer = client.post(
        reverse("care-custody-create", args=[case.pk]),
        {"decided_on": "2025-01-22", "section": "2", "reason": "Akut fara."},
    )
    assert answer.status_code == 403
    assert not ImmediateCustody.objects.exists()


def test_placement_visit_and_move_from_the_page(client, caseworker, manager, reported):
    case = reported(dt.date(2025, 1, 20))
    custody_decide(
        user=manager, case=case, decided_on=dt.date(2025, 1, 22), section="2", reason="Akut."
    )
    client.force_login(caseworker)
    answer = client.post(
        reverse("care-placement-create", args=[case.pk]),
        {
            "form": "emergency_home",
            "provider": "Jourhemmet Lärkan",
            "basis": "sol",
            "started_on": "2025-01-23",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    placement = Placement.objects.get(case=case)
    answer = client.post(
        reverse("care-placement-visit", args=[case.pk, placement.pk]),
        {"kind": "visit", "visited_on": "2025-02-10", "note": "Barnet trivs.", "child_alone": "on"},
    )
    assert answer.status_code == 302
    assert PlacementVisit.objects.get().child_alone is True
    answer = client.post(
        reverse("care-placement-move", args=[case.pk, placement.pk]),
        {"moved_on": "2025-03-01", "form": "family_home", "provider": "Familjen Ek"},
    )
    assert answer.status_code == 302
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "Familjehem" in page and "Jourhem" in page
    assert "flyttade till annan placering" in page
    # The visit limit of the child's placement shows among the case's time limits.
    assert "Besök hos det placerade barnet" in page
