"""Every screen and dialog of the screenshot scenes, read word by word in zh_CN (issue 14).

The scenes of ``lmdesk.devtools.screenshots`` put the real window over the demo ward into
each screen's important states; just before each shot this test reads every visible text of
the widget (labels, buttons, tabs, group titles, combo items, line edits and their hints,
table headers and cells, text browsers, plot titles, legends and axis labels) and fails on an
English word.

Authoritative English stays where the app shows it by design, and is taken out before the
check: the NCI's CTCAE texts (shown beside their Chinese), bibliography entries (titles as
published), drug names and aliases, and the never-IT banner printed in both scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from lmdesk.devtools.screenshot_scenes import SCENES
from lmdesk.devtools.screenshots import shoot
from lmdesk.models.drugs.labels import FATAL_BANNER
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.reference import ReferenceDB

#: Citation keys, the same in both languages: [R62], seed-52, [ref-B.1].
CITATION = re.compile(r"\b(?:R\d+[a-z]?|seed-\d+|ref-[A-Za-z0-9.]+)\b")
#: A line of a bibliography: its key, then the citation.
BIBLIOGRAPHY_ENTRY = re.compile(r"^\[(?:R\d+[a-z]?|seed-\d+|ref-[A-Za-z0-9.]+)\] ")
#: File paths (the demo's temporary home) and lmdesk commands quoted in a message.
PATH_OR_COMMAND = re.compile(r"(?:/[\w.\-]+)+|'lmdesk [^']*'")
#: Lowercase Latin words of three letters or more: English prose (units are listed below).
ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")
#: Units, file kinds and notation that stand in Latin on a Chinese screen too.
NOTATION = frozenset(
    {"mol", "mmol", "nmol", "ukat", "min", "ics", "png", "svg", "csv", "pdf", "kappa"}
)
#: The demo's user name (data, not the app's words) and the product's name.
DEMO_WORDS = frozenset({"demo", "lmdesk"})
MAX_ROWS = 60


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    top = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for column in range(columns):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if header:
            yield str(header)
    for row in range(min(model.rowCount(top), MAX_ROWS)):
        for column in range(columns):
            value = model.index(row, column, top).data()
            if value is not None:
                yield str(value)


def visible_texts(root: QWidget) -> Iterator[str]:
    """Every text the user can read on ``root`` and its visible children."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w is not root and not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel):
            yield _plain(w.text())
        elif isinstance(w, QAbstractButton):
            yield w.text().replace("&", "")
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QTabBar):
            yield from (w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            yield from (w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            yield w.text()
            yield w.placeholderText()
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            yield w.toPlainText()
            if isinstance(w, QTextEdit):
                yield w.placeholderText()
        if isinstance(w, QAbstractItemView):
            yield from _model_texts(w)
        if isinstance(w, pg.GraphicsView):
            yield from _plot_texts(w)
        yield w.toolTip()


def _plot_texts(view: pg.GraphicsView) -> Iterator[str]:
    """Titles, legend entries, axis labels and text items of the plots on ``view``."""
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.LabelItem):
            yield _plain(item.text)
        elif isinstance(item, pg.AxisItem) and item.label.isVisible():
            yield _plain(item.labelString())
        elif isinstance(item, pg.TextItem):
            yield item.toPlainText()


@pytest.fixture(scope="module")
def authoritative(reference: ReferenceDB) -> list[str]:
    """English the screens show on purpose, longest first (so a text goes before its parts)."""
    texts: set[str] = {FATAL_BANNER, "FATAL IF GIVEN INTRATHECALLY", "INTRATHECAL"}
    repo = CtcaeRepo(reference)
    for version in ("5.0", "6.0"):
        for term in repo.terms(version):
            texts.update(term.grades.values())
            texts.update(t for t in (term.definition, term.navigational_note) if t)
            texts.add(term.term)
    drugs = DrugRepository(reference)
    for card in drugs.catalog().all():
        texts.update(card.all_names())
        texts.update({card.id, card.name_en.casefold()})
    texts.update(r.full_text() for r in drugs.bibliography().values())
    texts.update(r.citation for r in drugs.bibliography().values())
    return sorted((t for t in texts if t), key=len, reverse=True)


def english_words(text: str, authoritative: list[str]) -> list[str]:
    if BIBLIOGRAPHY_ENTRY.match(text.strip()):
        return []  # a reference as published, e.g. "[R50] Pan Z et al. Front Oncol 2019"
    text = CITATION.sub(" ", PATH_OR_COMMAND.sub(" ", text))
    for known in authoritative:
        if known in text:
            text = text.replace(known, " ")
    return [w for w in ENGLISH_WORD.findall(text) if w not in NOTATION | DEMO_WORDS]


def test_every_scene_reads_in_chinese(
    qapp, tmp_path: Path, reference_db_path: Path, authoritative: list[str]
) -> None:
    found: dict[str, list[str]] = {}
    read: dict[str, str] = {}

    def inspect(scene: str, widget: QWidget) -> None:
        texts = list(visible_texts(widget))
        read[scene] = "\n".join(texts)
        for text in texts:
            for line in text.splitlines():
                words = english_words(line, authoritative)
                if words:
                    found.setdefault(scene, []).append(f"{words} in {line.strip()[:160]!r}")

    written, failed = shoot(
        "zh_CN", tmp_path, None, 1366, 800, reference_db=reference_db_path, inspect=inspect
    )
    assert failed == []
    screen_scenes = [s.key for s in SCENES if not s.needs_pdftoppm]
    assert sorted(read) == sorted(screen_scenes)  # every screen scene was read
    assert len(written) >= len(screen_scenes)
    # the walk reaches labels, tables, browsers and combo boxes of each kind of screen
    assert "Pan 2019，I 期先导研究（NCT03101579）" in read["drugs-card"]
    assert "鞘内注射(腰椎穿刺)" in read["courses-course"] and "已给药" in read["courses-course"]
    assert "奥希替尼" in read["patients-form"] and "定义：" in read["grading-browse"]
    assert "甲氨蝶呤" in read["pk-single-dose"]
    assert "脑脊液浓度" in read["pk-single-dose"] and "腰大池" in read["pk-single-dose"]  # the plot
    assert "卡氏评分" in read["assessment-trends"] or "KPS" in read["assessment-trends"]
    problems = {scene: sorted(set(lines)) for scene, lines in found.items()}
    assert problems == {}, "\n".join(f"{k}: {line}" for k, v in problems.items() for line in v)


def test_the_check_finds_english_and_spares_what_is_meant(authoritative: list[str]) -> None:
    assert english_words("临床试验注册信息（Registry listing）", authoritative) == ["listing"]
    assert english_words("方案  [mtx-classic]", authoritative) == ["mtx", "classic"]
    assert (
        english_words(
            "标准：重度症状 Severe symptoms; medical intervention indicated", authoritative
        )
        == []
    )
    assert english_words("[R50] Pan Z et al. Front Oncol 2019;9:838.", authoritative) == []
    assert english_words("培美曲塞 Pemetrexed [R50][seed-69]", authoritative) == []
    assert (
        english_words("已写入 /tmp/x/sheet.pdf；可用 'lmdesk db restore FILE' 恢复", authoritative)
        == []
    )
