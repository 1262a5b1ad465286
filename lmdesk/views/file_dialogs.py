"""Save dialogs that start in the one folder the user last saved a file in (any kind).

The folder is kept in this workstation's ``settings.json`` (``last_folder``), given through the
context, so a PDF, a CSV or a calendar file is offered where the previous one went, across
screens and runs. A folder that no longer exists falls back to the home folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from lmdesk.app_context import AppContext
    from lmdesk.settings import Settings

log = logging.getLogger("lmdesk.gui.files")


def start_folder(settings: Settings | None) -> Path:
    """The last folder a file was saved in, if it is still there; else the home folder."""
    last = settings.last_folder if settings is not None else ""
    if last and Path(last).is_dir():
        return Path(last)
    return Path.home()


class SaveDialog:
    """``ask(parent, title, suggested_name, filter) -> path or ''`` (a views' ``AskPath``)."""

    def __init__(
        self, settings: Settings | None = None, save: Callable[[], None] | None = None
    ) -> None:
        self.settings = settings
        self._save = save

    def start_path(self, suggested: str) -> str:
        return str(start_folder(self.settings) / Path(suggested).name)

    def remember(self, chosen: str) -> None:
        """Keep the chosen file's folder for the next dialog (and the next run)."""
        if self.settings is None or not chosen:
            return
        self.settings.last_folder = str(Path(chosen).parent)
        if self._save is not None:
            try:
                self._save()
            except OSError as exc:  # the file is saved; only the folder is not remembered
                log.warning("could not save the last folder: %s", exc)

    def __call__(self, parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
        path, _chosen = QFileDialog.getSaveFileName(
            parent, title, self.start_path(suggested), file_filter
        )
        self.remember(path)
        return path


def save_dialog(ctx: AppContext | None) -> SaveDialog:
    """The save dialog of a view built with ``ctx`` (none: starts in the home folder)."""
    if ctx is None:
        return SaveDialog()
    return SaveDialog(ctx.settings, ctx.save_settings)
