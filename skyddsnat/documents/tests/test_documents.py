"""Documents in: the type read from the content, the size limit, nothing stored of a failed
upload, and the download only as an access-checked, audited attachment."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.documents import services
from skyddsnat.documents.models import Document
from skyddsnat.lib.uploads import check_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
EXE = b"MZ\x90\x00" + b"\0" * 200
HTML = b"<!doctype html><script>alert(1)</script>"


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture
def case(caseworker, make_report):
    return make_report(caseworker).case


def _files() -> list[Path]:
    root = Path(settings.SKYDDSNAT_DOCUMENTS_DIR)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(user, case, data, *, name="brev.pdf", declared="application/pdf"):
    return services.document_upload(
        user=user,
        case=case,
        upload=io.BytesIO(data),
        filename=name,
        declared_type=declared,
        kind="incoming_letter",
        title="Brev från skolan",
        received_on=timezone.localdate(),
    )


@pytest.mark.parametrize(
    "data, mime",
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ODT, "application/vnd.oasis.opendocument.text"),
    ],
    # Named ids: the office files are zips with a time inside, which differs between workers.
    ids=["pdf", "png", "docx", "xlsx", "odt"],
)
def test_the_type_is_read_from_the_content(data, mime):
    assert check_upload(data, declared_type=None).mime == mime
    assert check_upload(data, declared_type="application/octet-stream").mime == mime


@pytest.mark.parametrize(
    "data",
    [EXE, HTML, b"just text", _zip({"a.txt": b"x"})],
    ids=["exe", "html", "text", "zip"],
)
def test_other_formats_are_refused(data):
    with pytest.raises(ValidationError):
        check_upload(data, declared_type=None)


def test_a_declared_type_that_disagrees_with_the_content_is_refused():
    with pytest.raises(ValidationError):
        check_upload(PNG, declared_type="application/pdf")
    assert check_upload(PNG, declared_type="image/png; charset=binary").extension == "png"


def test_an_upload_is_stored_outside_the_web_root_and_audited(caseworker, case):
    before = len(_files())
    document = _upload(caseworker, case, PDF)
    assert (document.content_type, document.size, document.filename) == (
        "application/pdf",
        len(PDF),
        "brev.pdf",
    )
    assert len(_files()) == before + 1
    stored = Path(settings.SKYDDSNAT_DOCUMENTS_DIR) / document.storage_name
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    assert AuditEntry.objects.filter(
        action="documents.document.create", case_id=case.pk, person_id=case.person_id
    ).exists()


@pytest.mark.parametrize(
    "data, declared",
    [(EXE, "application/pdf"), (HTML, "text/html"), (PNG, "application/pdf")],
    ids=["exe-as-pdf", "html", "png-as-pdf"],
)
def test_a_refused_upload_stores_nothing(caseworker, case, data, declared):
    before = len(_files())
    with pytest.raises(ValidationError) as refused:
        _upload(caseworker, case, data, declared=declared)
    assert "file" in refused.value.message_dict
    assert not Document.objects.exists()
    assert len(_files()) == before


def test_a_file_over_the_limit_is_refused(caseworker, case, settings):
    settings.SKYDDSNAT_DOCUMENT_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError) as refused:
        _upload(caseworker, case, PDF)
    assert "file" in refused.value.message_dict
    assert not Document.objects.exists()


def test_a_failure_after_the_file_is_written_leaves_neither_row_nor_file(
    caseworker, case, monkeypatch
):
    before = len(_files())

    def fail(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit_log", fail)
    with pytest.raises(RuntimeError):
        _upload(caseworker, case, PDF)
    assert not Document.objects.exists()
    assert len(_files()) == before


def test_a_caseworker_of_another_district_may_not_upload(outsider, case):
    with pytest.raises(PermissionDenied):
        _upload(outsider, case, PDF)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, safe",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\brev.exe", "brev.pdf"),
        ("brev\r\nSet-Cookie: x.pdf", "brevSet-Cookie x.pdf"),
        ('a"b;c\u202e.pdf', "abc.pdf"),
        ("", "dokument.pdf"),
        ("Öppet brev från förskolan.pdf", "Öppet brev från förskolan.pdf"),
    ],
)
def test_the_download_name_is_safe(name, safe):
    assert services.safe_filename(name, "pdf") == safe


def test_the_download_is_an_audited_attachment_that_is_never_rendered(client, caseworker, case):
    document = _upload(caseworker, case, PDF, name="Brev från skolan.pdf")
    client.force_login(caseworker)
    response = client.get(reverse("documents-document-download", args=[document.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Brev%20fr%C3%A5n%20skolan.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="documents.document.read", user_id=caseworker.pk, case_id=case.pk
    ).exists()


def test_another_districts_caseworker_gets_404_for_the_download(client, caseworker, outsider, case):
    document = _upload(caseworker, case, PDF)
    client.force_login(outsider)
    seen = client.get(reverse("documents-document-download", args=[document.pk]))
    missing = client.get(reverse("documents-document-download", args=[document.pk + 1000]))
    assert seen.status_code == missing.status_code == 404
    assert seen.content == missing.content


def test_the_case_page_uploads_and_lists_a_document(client, caseworker, case):
    client.force_login(caseworker)
    response = client.post(
        reverse("documents-document-create", args=[case.pk]),
        {
            "file": SimpleUploadedFile("utlatande.pdf", PDF, content_type="application/pdf"),
            "kind": "statement",
            "title": "Utlåtande från BUP",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "Utlåtande från BUP" in page
    refused = client.post(
        reverse("documents-document-create", args=[case.pk]),
        {
            "file": SimpleUploadedFile("x.pdf", EXE, content_type="application/pdf"),
            "kind": "statement",
            "title": "Program",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert refused.status_code == 400
    assert Document.objects.count() == 1


def test_the_api_uploads_lists_and_downloads(client, caseworker, outsider, case):
    client.force_login(caseworker)
    url = f"/api/v1/cases/{case.pk}/documents/"
    created = client.post(
        url,
        {
            "file": SimpleUploadedFile("skanning.png", PNG, content_type="image/png"),
            "kind": "scan",
            "title": "Skannat brev",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["content_type"], body["filename"]) == ("image/png", "skanning.png")
    listed = client.get(url).json()
    assert [d["id"] for d in listed] == [body["id"]]
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    refused = client.post(
        url,
        {
            "file": SimpleUploadedFile("skanning.png", HTML, content_type="image/png"),
            "kind": "scan",
            "title": "Skannat brev",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "file" in refused.json()["errors"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(body["download_url"]).status_code == 404
