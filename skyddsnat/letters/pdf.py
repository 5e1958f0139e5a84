"""A letter's text drawn as PDF with reportlab (as the LSS documents are: pure Python, no
system libraries, so no renderer that fetches URLs or fonts).

reportlab's Paragraph reads a markup language of its own, in which `<img src>` reads a local file
or fetches a URL. The letter's whole text (the template's words and the values alike) is
therefore escaped before it is drawn: everything prints as the characters it is made of, and
nothing in a template or a record can make the renderer open a file or a URL. The only layout is
ours: paragraphs at blank lines, a line starting with "# " as a heading, line breaks kept.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

_QUOTES = {'"': "&quot;", "'": "&#39;"}


def _text(value: str) -> str:
    return escape(value, _QUOTES).replace("\n", "<br/>")


def letter_pdf(*, title: str, sender: str, sent_on: str, address: list[str], text: str) -> bytes:
    styles = getSampleStyleSheet()
    body, heading, small = (
        styles["BodyText"],
        styles["Heading2"],
        styles["BodyText"].clone("small", fontSize=8, leading=10),
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author=sender, topMargin=20 * mm)
    story = [
        Paragraph(_text(f"{sender}\n{sent_on}"), small),
        Spacer(1, 8 * mm),
        Paragraph(_text("\n".join(address)), body),
        Spacer(1, 10 * mm),
    ]
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip("\n")
        if not block.strip():
            continue
        if block.startswith("# "):
            first, _newline, rest = block.partition("\n")
            story.append(Paragraph(_text(first[2:]), heading))
            block = rest
        if block.strip():
            story.append(Paragraph(_text(block), body))
    doc.build(story)
    return buffer.getvalue()
