"""Draw the lmdesk icon with QPainter and write it as PNG (Linux, Qt) and ICO (Windows).

Run once after changing the drawing; the outputs are committed:
    .venv/bin/python build/make_icon.py
The ICO holds one PNG image per size (Windows Vista and later read that); it is written by
hand so no imaging library is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICONS_DIR = Path(__file__).resolve().parent.parent / "lmdesk" / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZE = 256


def draw(size: int) -> QImage:
    """A teal rounded tile with a white drop (CSF) crossed by a needle line."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    p.scale(s, s)

    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8, 8, 240, 240), 52, 52)
    p.fillPath(tile, QColor("#0f6e78"))

    drop = QPainterPath(QPointF(128, 38))
    drop.cubicTo(QPointF(150, 84), QPointF(196, 122), QPointF(196, 160))
    drop.cubicTo(QPointF(196, 198), QPointF(165, 226), QPointF(128, 226))
    drop.cubicTo(QPointF(91, 226), QPointF(60, 198), QPointF(60, 160))
    drop.cubicTo(QPointF(60, 122), QPointF(106, 84), QPointF(128, 38))
    p.fillPath(drop, QColor("#ffffff"))

    pen = QPen(QColor("#0f6e78"), 16, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(128, 128), QPointF(128, 196))
    p.drawLine(QPointF(96, 162), QPointF(160, 162))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per image + the PNG payloads."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS_DIR.mkdir(parents=True, exist_ok=True)
    (ICONS_DIR / "lmdesk.png").write_bytes(png_bytes(draw(PNG_SIZE)))
    (ICONS_DIR / "lmdesk.ico").write_bytes(ico_bytes([(n, png_bytes(draw(n))) for n in ICO_SIZES]))
    print(f"wrote {ICONS_DIR / 'lmdesk.png'} and {ICONS_DIR / 'lmdesk.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
