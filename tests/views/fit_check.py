"""What a screen at a ward's screen size hides: the checks behind the 1280x800 test (issue 26).

``fit_problems(root, screen)`` walks the visible buttons, labels, inputs, lists and scroll
areas of ``root`` (a main window, a screen or a dialog) and names each one a user could not
see whole without moving or resizing the window:

- the window itself larger than the screen;
- a screen's page (the main window's scroll area around each view, ``page-<key>``) that has
  to scroll: the screen's own layout does not fit, so feedback ends up below the fold;
- a widget whose rectangle is not inside each ancestor up to the window (clipped by a
  splitter, a too-small parent), unless the ancestor is the viewport of a scroll area
  inside the screen (a form that scrolls with its buttons pinned): then the scroll area can
  bring the widget into view, and it is the scroll area that must be visible;
- a scroll area or list squeezed to a sliver (fewer than ~3 lines of what it holds);
- a label's or button's text wider (or, wrapped, taller) than the widget; an input lower
  than its text; a tab bar that hides tabs behind scroll arrows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QStyle,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

#: Pixels of slack for rounding in font metrics and frames.
SLACK = 2
#: A scroll area or list must show at least this much of what it holds (or all of it).
MIN_SCROLL_VIEW = 3  # lines of text


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, QLabel | QAbstractButton):
        text = w.text()
    elif isinstance(w, QLineEdit):
        text = w.placeholderText() or w.text()
    text = " ".join(text.replace("&", "").split())
    if len(text) > 50:
        text = text[:47] + "..."
    chain = []
    p: QWidget | None = w
    while p is not None and len(chain) < 4:
        if p.objectName() and not p.objectName().startswith("qt_"):
            chain.append(p.objectName())
        p = p.parentWidget()
    where = "/".join(reversed(chain))
    return f"{type(w).__name__}{f' {text!r}' if text else ''}{f' in {where}' if where else ''}"


def _in_window(w: QWidget) -> QRect:
    return QRect(w.mapTo(w.window(), QPoint(0, 0)), w.size())


def _is_page(area: QWidget) -> bool:
    return isinstance(area, QScrollArea) and area.objectName().startswith("page-")


def _internal(w: QWidget) -> bool:
    """Parts of a composite widget (a spin box's line edit, a tab bar's arrows, ...)."""
    parent = w.parentWidget()
    if parent is None:
        return False
    if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QScrollBar):
        return True
    if isinstance(w, QHeaderView):
        return True  # part of its table, which is checked
    return w.objectName().startswith("qt_") and not isinstance(w, QLabel | QTabBar)


def _watched(w: QWidget) -> bool:
    if isinstance(w, QLabel):
        return bool(w.text().strip()) or (w.pixmap() is not None and not w.pixmap().isNull())
    if isinstance(w, QAbstractButton):
        return bool(w.text().strip()) or not w.icon().isNull()
    return isinstance(
        w,
        QLineEdit
        | QAbstractSpinBox
        | QComboBox
        | QTextEdit
        | QPlainTextEdit
        | QAbstractItemView
        | QTabBar,
    )


def _clipping(w: QWidget) -> str | None:
    """Why ``w`` is not whole on its window, or None."""
    rect = _in_window(w)
    if rect.width() <= 0 or rect.height() <= 0:
        return f"squeezed to {w.width()}x{w.height()}"
    window = w.window()
    child: QWidget = w
    parent = w.parentWidget()
    while parent is not None and child is not window:
        area = parent.parentWidget()
        if (
            isinstance(area, QAbstractScrollArea)
            and area.viewport() is parent
            and not _is_page(area)
        ):
            # the scroll area can bring it into view: from here on the area must be seen
            rect = _in_window(area)
            child, parent = area, area.parentWidget()
            continue
        bounds = QRect(QPoint(0, 0), parent.size()) if parent.isWindow() else _in_window(parent)
        if not bounds.contains(rect):
            hidden = rect.intersected(bounds)
            return (
                f"at {rect.x()},{rect.y()} {rect.width()}x{rect.height()} cut by "
                f"{type(parent).__name__} {parent.objectName() or ''}".rstrip()
                + f" ({bounds.width()}x{bounds.height()} at {bounds.x()},{bounds.y()};"
                f" {hidden.width()}x{hidden.height()} seen)"
            )
        child, parent = parent, parent.parentWidget()
    return None


def _button_text_width(b: QAbstractButton) -> int:
    """What the button needs for its text (and icon, check box or radio indicator)."""
    text = b.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    fm = b.fontMetrics()
    need = max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)
    style = b.style()
    if not b.icon().isNull():
        need += b.iconSize().width() + 4
    if isinstance(b, QCheckBox):
        need += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, b) + 4
    elif isinstance(b, QRadioButton):
        need += style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, b) + 4
    elif isinstance(b, QPushButton):
        need += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, b)
    return need


def _icon_only(b: QAbstractButton) -> bool:
    return (
        isinstance(b, QToolButton)
        and b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        and not b.icon().isNull()
    )


def _text_problem(w: QWidget) -> str | None:
    if isinstance(w, QLabel) and w.text().strip():
        margin = w.contentsMargins()
        inner = w.width() - margin.left() - margin.right() - 2 * max(w.margin(), 0)
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                return f"wrapped text needs {need} px of height, has {w.height()}"
        else:
            need = w.sizeHint().width()
            if need > w.width() + SLACK and inner >= 0:
                return f"text needs {need} px of width, has {w.width()}"
        if w.height() + SLACK < w.fontMetrics().height():
            return f"{w.height()} px high, lower than a line of its text"
    elif isinstance(w, QAbstractButton) and w.text().strip() and not _icon_only(w):
        need = _button_text_width(w)
        if need > w.width() + SLACK:
            return f"text needs {need} px of width, has {w.width()}"
        if w.height() + SLACK < w.fontMetrics().height():
            return f"{w.height()} px high, lower than a line of its text"
    elif isinstance(w, QLineEdit | QAbstractSpinBox | QComboBox):
        if w.height() + SLACK < w.minimumSizeHint().height():
            return f"{w.height()} px high, needs {w.minimumSizeHint().height()}"
    elif isinstance(w, QTabBar) and w.count() > 1:
        arrows = [b for b in w.findChildren(QAbstractButton) if b.isVisible()]
        if arrows:
            return "the tabs do not fit: some are behind scroll arrows"
    return None


def _sliver(w: QWidget) -> str | None:
    """A scroll area or list that shows less than a few lines of what it holds."""
    if not isinstance(w, QAbstractScrollArea) or _is_page(w):
        return None
    line = w.fontMetrics().height() + 4
    if isinstance(w, QScrollArea):
        inner = w.widget()
        if inner is None:
            return None
        content = inner.minimumSizeHint().expandedTo(inner.sizeHint())
    elif isinstance(w, QAbstractItemView):
        model = w.model()
        rows = model.rowCount() if model is not None else 0
        if rows == 0:
            return None
        first = w.sizeHintForRow(0) if w.sizeHintForRow(0) > 0 else line
        content = QSize(w.viewport().width(), first * rows)
    else:
        return None
    want = min(content.height(), MIN_SCROLL_VIEW * line)
    seen = w.viewport().height()
    if seen + SLACK < want:
        return f"shows {seen} px of {content.height()} px (at least {want} px wanted)"
    return None


def fit_problems(root: QWidget, screen: QSize) -> list[str]:
    """What ``root`` (its window at most ``screen`` large) hides from its user."""
    problems: list[str] = []
    window = root.window()
    if window.width() > screen.width() or window.height() > screen.height():
        problems.append(
            f"the window is {window.width()}x{window.height()}, larger than the "
            f"{screen.width()}x{screen.height()} screen"
        )
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or _internal(w):
            continue
        if _is_page(w):
            assert isinstance(w, QScrollArea)
            inner = w.widget()
            h, v = w.horizontalScrollBar().maximum(), w.verticalScrollBar().maximum()
            if inner is not None and (h > 0 or v > 0):
                need = inner.minimumSizeHint()
                problems.append(
                    f"the screen {w.objectName()} does not fit: it scrolls by {h}x{v} px "
                    f"(it needs {need.width()}x{need.height()}, the window gives it "
                    f"{w.viewport().width()}x{w.viewport().height()})"
                )
            continue
        if not _watched(w) and not isinstance(w, QScrollArea):
            continue
        for why in (_clipping(w), _text_problem(w), _sliver(w)):
            if why:
                problems.append(f"{_name(w)}: {why}")
    return problems


#: How long a check waits for layouts to settle before it believes a problem (seconds).
SETTLE_S = 3.0


def settled_fit_problems(root: QWidget, screen: QSize, *, seconds: float = SETTLE_S) -> list[str]:
    """``fit_problems`` once the layouts have settled: wrapped text and scroll bars take
    several layout passes, which a loaded machine runs later than a fixed pause allows. A
    problem that is still there after ``seconds`` of events is real."""
    import time

    from PySide6.QtWidgets import QApplication

    problems = fit_problems(root, screen)
    end = time.monotonic() + seconds
    while problems and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)
        problems = fit_problems(root, screen)
    return problems
