"""Print a drug card to PDF off the GUI thread (QTextDocument + QPdfWriter)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from lmdesk.views.drugs.card_html import card_html

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard


def write_card_pdf(card: DrugCard, lang: str, target: Path) -> Path:
    """Render the card (banner and evidence table included) to an A4 PDF."""
    html = card_html(card, lang, with_banner=True, with_evidence=True)
    partial = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setTitle(f"{card.name_en} / {card.name_zh}")
    writer.setCreator("lmdesk")
    writer.setResolution(144)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(writer)
    del writer  # flush and close the file before renaming it
    partial.replace(target)
    return target


class _Signals(QObject):
    finished = Signal(str)
    failed = Signal(str)


class PdfExportJob(QRunnable):
    """Writes one card PDF in the thread pool; reports the path or the error by signal."""

    def __init__(self, card: DrugCard, lang: str, target: Path) -> None:
        super().__init__()
        self.card, self.lang, self.target = card, lang, target
        self.signals = _Signals()

    def run(self) -> None:
        try:
            path = write_card_pdf(self.card, self.lang, self.target)
        except Exception as exc:  # reported to the user, never lost
            self.signals.failed.emit(str(exc))
        else:
            self.signals.finished.emit(str(path))


def start_export(card: DrugCard, lang: str, target: Path, pool: QThreadPool) -> PdfExportJob:
    job = PdfExportJob(card, lang, target)
    job.setAutoDelete(False)
    pool.start(job)
    return job
