"""About box: what this build is, which reference data it carries, every component's version and
licence (Python, Qt, the Python packages, the bundled fonts)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from lmdesk import __version__
from lmdesk.i18n import _
from lmdesk.paths import fonts_dir
from lmdesk.views.disclaimer import disclaimer_text


class AboutDialog(QDialog):
    def __init__(
        self, reference_version: str, reviewed_on: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About lmdesk"))
        self.resize(640, 520)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(self._html(reference_version, reviewed_on))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    @staticmethod
    def _components_html() -> str:
        """Every component's version and licence, as this installation has them."""
        import platform

        from lmdesk.views.components import installed_components

        rows = [("Python", platform.python_version(), "PSF-2.0", "https://www.python.org")]
        rows += installed_components()
        cells = "".join(
            f"<tr><td><a href='{html.escape(url)}'>{html.escape(title)}</a></td>"
            f"<td>{html.escape(version)}</td><td>{html.escape(licence)}</td></tr>"
            for title, version, licence, url in rows
        )
        head = "".join(
            f"<th align='left'>{html.escape(h)}</th>"
            for h in (_("Component"), _("Version"), _("Licence"))
        )
        lgpl = _(
            "Qt and Qt for Python are used under the GNU LGPL version 3: they are linked "
            "dynamically and may be replaced by another build of the same version."
        )
        return (
            f"<h3>{html.escape(_('Components'))}</h3>"
            f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{cells}</table>"
            f"<p>{html.escape(lgpl)}</p>"
        )

    @staticmethod
    def _html(reference_version: str, reviewed_on: str) -> str:
        licence_files = sorted(fonts_dir().glob("LICENSE*"))
        licences = "".join(
            f"<h4>{html.escape(p.name)}</h4><pre style='font-size:small'>"
            f"{html.escape(p.read_text(encoding='utf-8', errors='replace'))}</pre>"
            for p in licence_files
        )
        return (
            f"<h2>lmdesk {html.escape(__version__)}</h2>"
            f"<p>{html.escape(_('Intrathecal therapy decision support for leptomeningeal metastasis of non-small cell lung cancer: drug cards, regimen scheduler, CSF PK curves, CTCAE grading.'))}</p>"  # noqa: E501
            f"<p><b>{html.escape(_('Reference data'))}:</b> {html.escape(reference_version)}"
            f" &mdash; {html.escape(_('reviewed on'))} {html.escape(reviewed_on)}</p>"
            f"<p style='color:#8a1c1c'><b>{html.escape(disclaimer_text())}</b></p>"
            f"{AboutDialog._components_html()}"
            f"<h3>{html.escape(_('Bundled fonts'))}</h3>"
            f"<p>{html.escape(_('Chinese text uses WenQuanYi Micro Hei, licensed under Apache-2.0 or GPLv3 with a font embedding exception.'))}</p>"  # noqa: E501
            f"<p>{html.escape(_('Bold Chinese text uses a subset of Noto Sans CJK SC Bold, licensed under the SIL Open Font License 1.1.'))}</p>"  # noqa: E501
            f"{licences}"
        )
