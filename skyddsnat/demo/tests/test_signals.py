"""The demo's outreach workers and welfare-crime officers, with their district's contacts and
signals, so that `./scripts/demo` shows both and their follow-up."""

from django.test import Client

from skyddsnat.organisation.models import Role, User
from skyddsnat.outreach.models import Contact
from skyddsnat.welfarecrime.models import Assessment, Signal


def test_the_demo_has_outreach_and_welfare_crime_in_every_district(tiny_demo):
    worker = User.objects.get(username="faltare.jarva")
    officer = User.objects.get(username="kontrollant.sodermalm")
    assert (worker.role, worker.unit.district.slug) == (Role.OUTREACH, "jarva")
    assert (officer.role, officer.unit.district.slug) == (Role.WELFARE_CRIME, "sodermalm")
    assert Contact.objects.filter(district__slug="jarva", registered_by=worker).exists()
    assert Signal.objects.filter(district__slug="sodermalm", registered_by=officer).exists()
    # The tiny demo has few signals: assessed ones, notified after they came in.
    assert Assessment.objects.exists()
    for assessment in Assessment.objects.filter(notify=True).select_related("signal"):
        assert assessment.notified_on >= assessment.signal.received_on
    client = Client()
    assert client.login(username="faltare.jarva", password="demo-test-pw")
    assert client.get("/uppsokande/").status_code == 200
    assert client.login(username="kontrollant.sodermalm", password="demo-test-pw")
    assert client.get("/valfardsbrott/").status_code == 200
