"""The letters' pages and endpoints: the "Brev" card, sending from the case page, the PDF as an
attachment, the template editor for the administrator only, and the API alike."""

import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from skyddsnat.audit.models import AuditEntry
from skyddsnat.letters.models import Letter, LetterTemplate


def test_the_case_page_has_a_letters_card_and_sends_a_letter(client, caseworker, decided):
    case, decision = decided
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert 'id="letters"' in page and 'id="documents"' in page
    response = client.post(
        reverse("letters-letter-create", args=[case.pk]),
        {
            "kind": "decision_sol",
            "decision": decision.pk,
            "recipient": "person",
            "sent_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert reverse("letters-letter-pdf", args=[letter.pk]) in page
    pdf = client.get(reverse("letters-letter-pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert "Hur man överklagar" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert AuditEntry.objects.filter(action="letters.letter.read", case_id=case.pk).exists()


def test_a_refused_letter_answers_400_with_the_reason_and_sends_nothing(
    client, caseworker, decided
):
    case, _decision = decided
    client.force_login(caseworker)
    response = client.post(
        reverse("letters-letter-create", args=[case.pk]),
        {"kind": "decision_sol", "recipient": "person", "sent_on": timezone.localdate()},
    )
    assert response.status_code == 400
    assert "Välj beslutet som brevet gäller" in response.content.decode()
    assert not Letter.objects.exists()


def test_the_template_editor_saves_a_version_and_refuses_a_stale_one(client, admin_user):
    template = LetterTemplate.objects.get(kind="guardian_notice")
    url = reverse("letters-template-edit", args=[template.pk])
    client.force_login(admin_user)
    assert client.get(reverse("letters-template-list")).status_code == 200
    assert "recipient.name" in client.get(url).content.decode()
    saved = client.post(
        url, {"name": "Underrättelse", "body": "Hej {{ recipient.name }}", "based_on": 1}
    )
    assert saved.status_code == 302
    stale = client.post(url, {"name": "Underrättelse", "body": "Hej", "based_on": 1})
    assert stale.status_code == 409
    broken = client.post(url, {"name": "Underrättelse", "body": "{% include 'x' %}", "based_on": 2})
    assert broken.status_code == 400
    template.refresh_from_db()
    assert template.version == 2


def test_only_the_administrator_sees_the_template_editor(client, caseworker):
    template = LetterTemplate.objects.get(kind="guardian_notice")
    client.force_login(caseworker)
    assert client.get(reverse("letters-template-list")).status_code == 404
    assert client.get(reverse("letters-template-edit", args=[template.pk])).status_code == 404


def test_the_api_sends_lists_and_fetches_a_letter(client, caseworker, outsider, decided):
    case, decision = decided
    client.force_login(caseworker)
    url = f"/api/v1/cases/{case.pk}/letters/"
    listed = client.get(url).json()
    assert listed["letters"] == []
    keys = {r["key"] for r in listed["recipients"]}
    assert "person" in keys
    created = client.post(
        url,
        {
            "kind": "decision_sol",
            "decision": decision.pk,
            "recipient": "person",
            "sent_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["template_version"] == 1 and len(body["sha256"]) == 64
    pdf = client.get(body["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    served = client.post(
        f"/api/v1/letters/{body['id']}/served/",
        {"served_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert served.status_code == 200 and served.json()["served_on"]
    bad = client.post(
        url,
        {"kind": "decision_sol", "recipient": "person", "sent_on": "2999-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(body["pdf_url"]).status_code == 404
