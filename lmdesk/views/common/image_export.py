"""A widget grabbed as PNG bytes, for the owner-only image exports (``private_files``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPixmap

from lmdesk.i18n import _


def png_bytes(pixmap: QPixmap, path: Path) -> bytes:
    """``pixmap`` encoded as PNG; ``OSError`` naming ``path`` if Qt cannot encode it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = pixmap.save(buffer, "PNG")
    buffer.close()
    if not ok:
        raise OSError(_("Could not write {path}.").format(path=path))
    return bytes(data.data())
