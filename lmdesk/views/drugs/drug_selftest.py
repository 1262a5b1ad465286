"""The drug screen's selftest (``lmdesk selftest``): what a clinician does first, offscreen."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QElapsedTimer

if TYPE_CHECKING:
    from lmdesk.views.drugs.drug_view import DrugCardsView


def run_selftest(view: DrugCardsView) -> None:
    """Search in both languages, open a never-IT card, compare, export a PDF; raise on failure."""
    view.search.setText("甲氨蝶呤")
    if view.result_ids()[:1] != ["methotrexate"]:
        raise RuntimeError("search for 甲氨蝶呤 did not find methotrexate first")
    view.search.setText("VCR")
    if view.current is None or view.current.id != "vincristine" or view.banner.isHidden():
        raise RuntimeError("vincristine card without the FATAL banner")
    view.compare.set_cards(["methotrexate", "pemetrexed"])
    if view.compare.table.columnCount() != 2:
        raise RuntimeError("compare table does not show two agents")
    view.show_card("methotrexate")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "card.pdf"
        view.export_pdf(target)
        timer = QElapsedTimer()
        timer.start()
        while not target.exists() and timer.elapsed() < 20000:
            QCoreApplication.processEvents()
            view.pool.waitForDone(50)
        QCoreApplication.processEvents()
        if not target.exists() or target.stat().st_size < 1000:
            raise RuntimeError("card PDF was not written")
    view.search.clear()
