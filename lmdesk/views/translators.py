"""Qt's own dialogs (file dialogs, message-box buttons, print preview) in the app's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


class QtTranslations:
    """Owns the installed QTranslators so a language switch can replace them."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> bool:
        app = QCoreApplication.instance()
        for old in self._installed:
            QCoreApplication.removeTranslator(old)
        self._installed.clear()
        QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
        if language == "en" or app is None:
            return True
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        loaded = False
        for name in ("qtbase", "qt"):
            translator = QTranslator(app)
            if translator.load(f"{name}_{language}", folder):
                QCoreApplication.installTranslator(translator)
                self._installed.append(translator)
                loaded = True
        return loaded
