"""Reads of documents, scoped to the user and audited."""

from django.http import Http404

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.documents.models import Document
from skyddsnat.organisation.models import User


def case_documents(*, user: User, case: Case) -> list[Document]:
    """The documents of a case the user sees; one audit entry for the list shown."""
    documents = list(Document.objects.filter(case=case).select_related("uploaded_by"))
    audit_log(
        user=user,
        action="documents.document.list",
        person_id=case.person_id,
        case_id=case.pk,
        count=len(documents),
    )
    return documents


def get_document_for_user(user: User, document_id: int) -> Document:
    """The document, if the user sees its case and works with case records; 404 otherwise."""
    policy.require(policy.works_with_case_records(user))
    document = (
        Document.objects.filter(pk=policy.as_id(document_id) or 0).select_related("case").first()
    )
    if document is None:
        raise Http404
    policy.get_case_for_user(user, document.case_id)
    return document


def document_read(*, user: User, document: Document) -> None:
    audit_log(
        user=user,
        action="documents.document.read",
        person_id=document.case.person_id,
        case_id=document.case_id,
        document=document.pk,
    )
