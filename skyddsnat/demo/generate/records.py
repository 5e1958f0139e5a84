"""Letters and documents (issue 14 points 1–2) on a few of the Järva caseworker's cases, so the
case page's "Brev" and "Dokument" cards have something to show: a decision letter with its day of
receipt, the reporter's acknowledgement and feedback, and an incoming statement as a PDF.

Made through the services (the same template versions, PDFs and audit entries as a real letter);
rows read in primary-key order, so the same seed gives the same data."""

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from skyddsnat.cases.models import Decision, LegalBasis
from skyddsnat.children.models import Report, ReporterType
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.documents.services import document_upload
from skyddsnat.letters.models import LetterKind
from skyddsnat.letters.services import letter_send, letter_served
from skyddsnat.organisation.models import DecisionType

CASES = 3


def _statement_pdf(title: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, title)
    page.drawString(72, 740, "Syntetiskt utlåtande för demonstration.")
    page.save()
    return buffer.getvalue()


def generate(ctx: DemoContext) -> None:
    user = ctx.users.get("socsek.jarva")
    if user is None:
        return
    today = ctx.options.end_date
    decisions = (
        Decision.objects.filter(
            case__assigned_to=user,
            decision_type=DecisionType.INTERVENTION,
            intervention_type__legal_basis=LegalBasis.SOL,
            intervention_type__without_needs_assessment=False,
            decided_on__lt=today,
        )
        .select_related("case")
        .order_by("pk")[:CASES]
    )
    for decision in decisions:
        case = decision.case
        sent_on = decision.decided_on + dt.timedelta(days=1)
        letter = letter_send(
            user=user,
            case=case,
            kind=LetterKind.DECISION_SOL,
            recipient="person",
            decision=decision.pk,
            sent_on=sent_on,
        )
        served = min(sent_on + dt.timedelta(days=3), today)
        letter_served(user=user, letter=letter, served_on=served)
        ctx.counts["letters"] += 1
        report = (
            Report.objects.filter(case=case, reporter_type=ReporterType.PROFESSIONAL)
            .exclude(reporter_name="")
            .order_by("pk")
            .first()
        )
        if report is not None:
            for kind in (LetterKind.REPORT_RECEIVED, LetterKind.REPORT_FEEDBACK):
                letter_send(
                    user=user,
                    case=case,
                    kind=kind,
                    recipient=f"reporter:{report.pk}",
                    sent_on=sent_on,
                )
                ctx.counts["letters"] += 1
        document_upload(
            user=user,
            case=case,
            upload=io.BytesIO(_statement_pdf("Utlåtande från elevhälsan")),
            filename="utlatande-elevhalsan.pdf",
            declared_type="application/pdf",
            kind="statement",
            title="Utlåtande från elevhälsan",
            received_on=min(decision.decided_on, today),
        )
        ctx.counts["documents"] += 1
