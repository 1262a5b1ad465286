"""Window geometry and splitter positions kept between runs, in an INI file beside settings.json.

The shell owns one :class:`UiSettings` (made by the GUI controller from the run's paths and
handed to the main window in its constructor; tests give theirs a folder of their own). The
window's geometry is kept per screen size, so a laptop docked to a large monitor and back gets
the geometry it had on each; every splitter is kept per view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

UI_SETTINGS_NAME = "window.ini"


class UiSettings:
    """QSettings in INI format at an explicit path (never the platform's registry or global)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def beside(cls, settings_file: Path) -> UiSettings:
        """The file in the folder of this workstation's settings.json (the user config dir)."""
        return cls(settings_file.parent / UI_SETTINGS_NAME)

    # -- raw values ---------------------------------------------------------------------------

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        """Write to disk now (Qt writes on its own later; the shell calls this on close)."""
        self.qsettings.sync()

    # -- the main window ----------------------------------------------------------------------

    @staticmethod
    def _screen_key(window: QWidget) -> str:
        screen = window.screen()
        if screen is None:
            return "window/any"
        size = screen.size()
        return f"window/{size.width()}x{size.height()}"

    def restore_window(self, window: QMainWindow) -> bool:
        """Geometry and dock/toolbar state as they were on this screen size; False if none."""
        key = self._screen_key(window)
        geometry = self._bytes(f"{key}/geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            return False
        state = self._bytes(f"{key}/state")
        if state is not None:
            window.restoreState(state)
        return True

    def save_window(self, window: QMainWindow) -> None:
        key = self._screen_key(window)
        self.qsettings.setValue(f"{key}/geometry", window.saveGeometry())
        self.qsettings.setValue(f"{key}/state", window.saveState())

    # -- splitters, per view ------------------------------------------------------------------

    @staticmethod
    def _splitters(widget: QWidget) -> list[tuple[str, QSplitter]]:
        found = widget.findChildren(QSplitter)
        if isinstance(widget, QSplitter):
            found.insert(0, widget)
        return [(s.objectName() or f"splitter{i}", s) for i, s in enumerate(found)]

    def restore_splitters(self, view_key: str, widget: QWidget) -> int:
        """Put back every splitter of ``widget`` as the user left it; how many were restored."""
        restored = 0
        for name, splitter in self._splitters(widget):
            state = self._bytes(f"splitters/{view_key}/{name}")
            if state is not None and splitter.restoreState(state):
                restored += 1
        return restored

    def save_splitters(self, view_key: str, widget: QWidget) -> None:
        for name, splitter in self._splitters(widget):
            self.qsettings.setValue(f"splitters/{view_key}/{name}", splitter.saveState())
