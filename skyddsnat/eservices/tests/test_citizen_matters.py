"""'Mina ärenden': a signed-in citizen sees the status of their own matters and nothing else:
their own submissions (by the provider's subject), LSS applications about themselves registered
otherwise (by the vouched-for identity number), a guardian's application for their child; never
another citizen's, never content, never a protected child's. Every read is audited."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.models import SubmissionKind
from skyddsnat.eservices.tests.conftest import citizen_session, make_submission
from skyddsnat.people.models import ProtectionLevel

REPORT_TEXT = "Barnet kommer ofta hungrigt till skolan och berättar om bråk hemma."


@pytest.fixture
def report(make_report, caseworker):
    return make_report(caseworker, description=REPORT_TEXT, first_name="Selma", last_name="Ek")


def page_of(citizen: Citizen) -> str:
    client = citizen_session(Client(), citizen)
    response = client.get("/e-tjanst/mina-arenden/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_citizen_sees_their_own_submissions_and_not_anothers(report, db):
    mine = make_submission(kind=SubmissionKind.CONCERN, subject="sub-ida", case=report.case)
    theirs = make_submission(kind=SubmissionKind.HELP, subject="sub-olle")

    ida = page_of(Citizen(subject="sub-ida"))
    olle = page_of(Citizen(subject="sub-olle"))

    assert mine.reference in ida and theirs.reference not in ida
    assert theirs.reference in olle and mine.reference not in olle
    assert "Orosanmälan om ett barn" in ida
    # Status only: no content, no names, no case number.
    for secret in (REPORT_TEXT, "Selma", "Ek</", report.case.reference):
        assert secret not in ida


def test_statuses_received_being_assessed_closed_with_the_decision_date(
    make_report, caseworker, manager, db
):
    waiting = make_report(caseworker)
    waiting.case.assigned_to = None
    waiting.case.save(update_fields=["assigned_to"])
    worked = make_report(caseworker)
    closed = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=3))
    decided_on = timezone.localdate() - dt.timedelta(days=1)
    pre_assessment_decide(
        user=caseworker,
        case=closed.case,
        decided_on=decided_on,
        decision="no_investigation",
        reason="Ingen oro kvar.",
    )
    closed.case.refresh_from_db()
    worked.case.assigned_to = caseworker
    worked.case.save(update_fields=["assigned_to"])
    no_case = make_submission(kind=SubmissionKind.HELP, subject="sub-s")
    a = make_submission(kind=SubmissionKind.CONCERN, subject="sub-s", case=waiting.case)
    b = make_submission(kind=SubmissionKind.CONCERN, subject="sub-s", case=worked.case)
    c = make_submission(kind=SubmissionKind.CONCERN, subject="sub-s", case=closed.case)
    client = citizen_session(Client(), Citizen(subject="sub-s"))

    def status_of(reference: str) -> str:
        return client.get(f"/e-tjanst/mina-arenden/{reference}/").content.decode()

    assert "Mottagen" in status_of(no_case.reference)
    assert "Mottagen" in status_of(a.reference)
    assert "Under handläggning" in status_of(b.reference)
    closed_page = status_of(c.reference)
    assert "Avslutad" in closed_page
    assert f"beslut {decided_on.day} " in closed_page
    assert "Ingen oro kvar" not in closed_page


def test_an_lss_application_registered_on_paper_is_found_by_the_identity_number(
    lss_application, db
):
    number = new_identity_number(dt.date(1990, 3, 4))
    application = lss_application(number)
    other = lss_application()

    page = page_of(Citizen(subject="sub-kim", personal_identity_number=number))
    without_number = page_of(Citizen(subject="sub-kim"))

    assert application.case.reference in page
    assert other.case.reference not in page
    # Registered by the officer who handles it: being assessed from the start.
    assert "Ansökan om insatser enligt LSS" in page and "Under handläggning" in page
    assert application.case.reference not in without_number


def test_a_guardian_sees_the_application_made_for_their_child(lss_application, officer, db):
    parent = new_identity_number(dt.date(1980, 1, 2))
    child = new_identity_number(dt.date(2015, 6, 7))
    application = lss_application(child, applicant_role="guardian", applicant_name="Förälder Prov")
    guardian_add(
        user=officer,
        case=application.case,
        personal_identity_number=parent,
        first_name="Förälder",
        last_name="Prov",
        relation="parent",
        is_synthetic=True,
    )

    page = page_of(Citizen(subject="sub-parent", personal_identity_number=parent))

    assert application.case.reference in page
    assert "som vårdnadshavare" in page
    assert "Kim" not in page  # the child's name is not shown


def test_a_protected_childs_application_is_not_shown_to_a_guardian(lss_application, officer, db):
    parent = new_identity_number(dt.date(1981, 1, 2))
    application = lss_application(
        new_identity_number(dt.date(2016, 6, 7)),
        applicant_role="guardian",
        applicant_name="Förälder Prov",
    )
    guardian_add(
        user=officer,
        case=application.case,
        personal_identity_number=parent,
        first_name="Förälder",
        last_name="Prov",
        relation="parent",
        is_synthetic=True,
    )
    person = application.case.person
    person.protection_level = ProtectionLevel.PROTECTED_REGISTRATION
    person.save(update_fields=["protection_level"])

    page = page_of(Citizen(subject="sub-parent2", personal_identity_number=parent))

    assert application.case.reference not in page


def test_a_guardian_of_someone_not_applied_for_as_guardian_sees_nothing(
    lss_application, officer, db
):
    """The adult applied for themselves: a parent recorded as guardian does not see it."""
    parent = new_identity_number(dt.date(1960, 1, 2))
    application = lss_application(new_identity_number(dt.date(1990, 6, 7)))
    guardian_add(
        user=officer,
        case=application.case,
        personal_identity_number=parent,
        first_name="Förälder",
        last_name="Prov",
        relation="parent",
        is_synthetic=True,
    )

    page = page_of(Citizen(subject="sub-parent3", personal_identity_number=parent))

    assert application.case.reference not in page


def test_another_citizens_matter_answers_exactly_like_a_missing_one(report, db):
    theirs = make_submission(kind=SubmissionKind.CONCERN, subject="sub-other", case=report.case)
    client = citizen_session(Client(), Citizen(subject="sub-me"))

    hidden = client.get(f"/e-tjanst/mina-arenden/{theirs.reference}/")
    missing = client.get("/e-tjanst/mina-arenden/E-0000-00000-0000/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert not AuditEntry.objects.filter(action="eservices.citizen.matter").exists()


@pytest.mark.parametrize(
    "reference", ["x" * 21, "%00", "..%2F..%2Fetc", "E-1%E2%80%AE", "<script>alert(1)</script>"]
)
def test_odd_references_answer_404_and_never_500(db, reference):
    client = citizen_session(Client(), Citizen(subject="sub-odd"))
    response = client.get(f"/e-tjanst/mina-arenden/{reference}/")
    assert response.status_code in (400, 404)
    assert "<script>alert" not in response.content.decode()


def test_a_visitor_who_is_not_signed_in_sees_no_matter(report, db):
    mine = make_submission(kind=SubmissionKind.CONCERN, subject="sub-x", case=report.case)
    client = Client()

    page = client.get("/e-tjanst/mina-arenden/")
    detail = client.get(f"/e-tjanst/mina-arenden/{mine.reference}/")

    assert page.status_code == 200 and mine.reference not in page.content.decode()
    assert detail.status_code == 302
    assert detail["Location"].startswith("/e-tjanst/logga-in/?next=")


def test_every_read_is_audited_with_the_citizen_as_actor(report, db):
    mine = make_submission(kind=SubmissionKind.CONCERN, subject="sub-audit", case=report.case)
    client = citizen_session(Client(), Citizen(subject="sub-audit"))

    client.get("/e-tjanst/mina-arenden/")
    client.get(f"/e-tjanst/mina-arenden/{mine.reference}/")

    listed = AuditEntry.objects.get(action="eservices.citizen.matters")
    assert listed.user_id is None and listed.username == ""
    assert listed.detail["citizen_subject"] == "sub-audit" and listed.detail["shown"] == 1
    assert listed.case_ids == [report.case_id] and listed.person_ids == [report.child_id]
    read = AuditEntry.objects.get(action="eservices.citizen.matter")
    assert read.case_id == report.case_id and read.person_id == report.child_id
    assert read.detail == {"citizen_subject": "sub-audit", "reference": mine.reference}
    assert read.channel == "web"
