"""Drug-card timings (not a test): run ``.venv/bin/python benchmarks/bench_drugs.py``.

What the GUI thread does per keystroke and per card, and the PDF export (run in a worker):
1. Load and validate the catalog from the reference DB (once per view; aim <= 50 ms).
2. One search keystroke over every name (aim <= 2 ms).
3. Render one card's HTML (aim <= 10 ms).
4. Write one card PDF (worker thread; reported for information).
Reports the median of repeated runs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from timing import ROOT, median_ms

from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.reference import ReferenceDB


def main() -> None:
    from lmdesk.views.app import ensure_application
    from lmdesk.views.drugs.card_html import card_html
    from lmdesk.views.drugs.pdf_export import write_card_pdf

    ensure_application()
    ref = ReferenceDB(ROOT / "data" / "lm.sqlite")
    load = median_ms(lambda: DrugRepository(ref).catalog(), 20)
    catalog = DrugRepository(ref).catalog()
    queries = ["m", "mt", "mtx", "甲", "甲氨", "vin", "alimta", "ara-c", "zzz"]
    search = median_ms(lambda: [catalog.search(q) for q in queries], 50) / len(queries)
    pem = catalog.get("pemetrexed")
    assert pem is not None
    html = median_ms(lambda: card_html(pem, "en", with_banner=True, with_evidence=True), 50)
    with tempfile.TemporaryDirectory() as folder:
        pdf = median_ms(lambda: write_card_pdf(pem, "en", Path(folder) / "p.pdf"), 5)
    print(f"catalog load + validation: {load:7.2f} ms (aim <= 50)")
    print(f"search, per keystroke:     {search:7.3f} ms (aim <= 2)")
    print(f"card HTML (pemetrexed):    {html:7.2f} ms (aim <= 10)")
    print(f"card PDF (worker thread):  {pdf:7.2f} ms")
    ref.close()


if __name__ == "__main__":
    main()
