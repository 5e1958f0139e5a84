"""Letters and documents (issue 14 points 1–2) on a few of the Järva caseworker's cases, so the
case page's "Brev" and "Dokument" cards have something to show: a decision letter with its day of
receipt, the reporter's acknowledgement and feedback, and an incoming statement as a PDF.

Made with the letters' own engine and PDF (the same template versions and PDFs as a real letter),
without audit entries (demo generation is one system entry); rows read in primary-key order, so the
same seed gives the same data."""

import datetime as dt
import hashlib
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from skyddsnat.cases.models import Decision, LegalBasis
from skyddsnat.children.models import Report, ReporterType
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.documents import storage
from skyddsnat.documents.models import Document, DocumentKind
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters.engine import render_body
from skyddsnat.letters.models import Letter, LetterKind, LetterTemplate, LetterTemplateVersion
from skyddsnat.letters.pdf import letter_pdf
from skyddsnat.organisation.models import DecisionType

CASES = 3


def _statement_pdf(title: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, title)
    page.drawString(72, 740, "Syntetiskt utlåtande för demonstration.")
    page.save()
    return buffer.getvalue()


def _letter(user, case, kind, recipient_key, sent_on, decision=None) -> Letter:  # type: ignore[no-untyped-def]
    """A letter as `letter_send` makes it, without its audit entry: demo generation is one
    system entry in the log, not a read or write by a person."""
    template = LetterTemplate.objects.get(kind=kind)
    version = LetterTemplateVersion.objects.get(template=template, number=template.version)
    to = letter_contexts.recipient_by_key(case, kind, recipient_key)
    context = letter_contexts.letter_context(
        case=case, kind=kind, recipient=to, sent_on=sent_on, decision=decision
    )
    text = render_body(version.body, context)
    pdf = letter_pdf(
        title=template.name,
        sender=case.unit.name,
        sent_on=sent_on.isoformat(),
        address=[to.name, *to.address],
        text=text,
    )
    return Letter.objects.create(
        case=case,
        kind=kind,
        template_version=version,
        decision=decision,
        recipient=to.person,
        recipient_name=to.name,
        text=text,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        sent_on=sent_on,
        sent_by=user,
    )


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
        .select_related("case__unit", "case__person", "intervention_type")
        .order_by("pk")[:CASES]
    )
    for decision in decisions:
        case = decision.case
        sent_on = decision.decided_on + dt.timedelta(days=1)
        letter = _letter(user, case, LetterKind.DECISION_SOL, "person", sent_on, decision)
        letter.served_on = min(sent_on + dt.timedelta(days=3), today)
        letter.served_recorded_by = user
        letter.save(update_fields=["served_on", "served_recorded_by"])
        ctx.counts["letters"] += 1
        report = (
            Report.objects.filter(case=case, reporter_type=ReporterType.PROFESSIONAL)
            .exclude(reporter_name="")
            .order_by("pk")
            .first()
        )
        if report is not None:
            for kind in (LetterKind.REPORT_RECEIVED, LetterKind.REPORT_FEEDBACK):
                _letter(user, case, kind, f"reporter:{report.pk}", sent_on)
                ctx.counts["letters"] += 1
        data = _statement_pdf("Utlåtande från elevhälsan")
        Document.objects.create(
            case=case,
            kind=DocumentKind.STATEMENT,
            title="Utlåtande från elevhälsan",
            received_on=min(decision.decided_on, today),
            filename="utlatande-elevhalsan.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_name=storage.save(storage.new_name("pdf"), data),
            uploaded_by=user,
        )
        ctx.counts["documents"] += 1
