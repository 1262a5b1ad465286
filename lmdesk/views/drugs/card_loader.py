"""The drug list at once, the full cards a moment later: how the first screen starts fast.

The list needs only names and statuses (``DrugRepository.listings``, plain JSON). The full
cards need pydantic and the card models (about 0.1 s to import and validate), so once the
screen has painted they are parsed in the thread pool (``views.jobs``). Asking for the
catalogue before the worker is done simply waits for it (the repository's lock), so a card
is never shown from unvalidated data and never parsed twice. The same worker works out the
pinyin order of the Chinese names (pypinyin loads its dictionaries in ~0.2 s): a Chinese list
reads in pinyin order once it is known, in English order for that moment before.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from lmdesk.models.drugs.listing import DrugListing, chinese_order, listing_of
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.views.jobs import Job, JobControl, start_job

if TYPE_CHECKING:
    from lmdesk.models.drugs.name_index import DrugCatalog


class CardLoader(QObject):
    """Gives the listings now and the validated catalogue when it is ready.

    ``loaded`` / ``failed`` arrive on the GUI thread (queued from the worker).
    """

    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        repo: DrugRepository | None = None,
        *,
        catalog: DrugCatalog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if (repo is None) == (catalog is None):
            raise ValueError("CardLoader needs a DrugRepository or a DrugCatalog")
        self._repo = repo
        self._catalog = catalog
        self._job: Job | None = None
        self._done = threading.Event()
        #: Each drug's place in a Chinese list, once known (given a catalogue: at once).
        self._chinese_order: dict[str, str] | None = (
            chinese_order(self.listings()) if catalog is not None else None
        )

    def chinese_order(self) -> dict[str, str] | None:
        """Each drug's place in a Chinese list (pinyin), or None while the worker works."""
        return self._chinese_order

    def listings(self) -> list[DrugListing]:
        if self._repo is not None:
            return self._repo.listings()
        assert self._catalog is not None
        return [listing_of(c) for c in sorted(self._catalog.all(), key=lambda c: c.id)]

    def is_loaded(self) -> bool:
        return self._catalog is not None or (self._repo is not None and self._repo.catalog_loaded())

    def catalog(self) -> DrugCatalog:
        """The validated cards; waits for the worker if it is still parsing them."""
        if self._catalog is None:
            assert self._repo is not None
            self._catalog = self._repo.catalog()
        return self._catalog

    def start_background(self, pool: QThreadPool | None = None) -> None:
        """Parse the cards in the thread pool (once); harmless when already loaded."""
        if self.is_loaded() or self._job is not None:
            return
        self._job = start_job(
            self._work,
            pool,
            name="drug cards",
            on_done=lambda _result: self._report(None),
            on_failed=self._report,
        )

    def _work(self, control: JobControl) -> None:
        assert self._repo is not None
        try:
            self._repo.catalog()  # a failure is reported on the GUI thread, raised on use
            self._chinese_order = chinese_order(self._repo.listings())
        finally:
            self._done.set()

    def _report(self, message: str | None) -> None:
        try:
            if message is None:
                self.loaded.emit()
            else:
                self.failed.emit(message)
        except RuntimeError:  # the screen was closed meanwhile: nobody to tell
            pass

    def wait(self) -> None:
        """Let the worker finish (before another screen imports modules it is importing)."""
        if self._job is not None:
            self._done.wait()
