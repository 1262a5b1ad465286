"""Export the shown drug card to PDF in the thread pool (the pages: ``printing.card_pdf``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool

from lmdesk.printing.card_pdf import write_card_pdf as write_card_html_pdf
from lmdesk.printing.page import PageProgress
from lmdesk.views.disclaimer import disclaimer_text
from lmdesk.views.drugs.card_html import card_html
from lmdesk.views.jobs import Job, JobControl, start_job

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard


def card_title(card: DrugCard) -> str:
    return f"{card.name_en} / {card.name_zh}"


def printed_card(card: DrugCard, lang: str) -> tuple[str, str, list[str]]:
    """What the card's pages print: its HTML (banner and evidence table included), its
    title and the footer lines; the PDF and the print preview print the same."""
    title = card_title(card)
    html = card_html(card, lang, with_banner=True, with_evidence=True)
    return html, title, [title, disclaimer_text()]


def write_card_pdf(
    card: DrugCard, lang: str, target: Path, progress: PageProgress | None = None
) -> Path:
    """Render the card to an A4 PDF."""
    html, title, lines = printed_card(card, lang)
    return write_card_html_pdf(html, title, lines, target, progress)


def start_export(card: DrugCard, lang: str, target: Path, pool: QThreadPool) -> Job:
    """Write one card PDF in ``pool``; the job reports the path (str) or the error."""

    def work(control: JobControl) -> str:
        return str(write_card_pdf(card, lang, target, control.fraction))

    return start_job(work, pool, name="drug card PDF")
