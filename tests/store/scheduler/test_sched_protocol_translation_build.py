"""The reference build refuses a protocol template whose texts are not all in Chinese too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lmdesk.i18n import set_language
from lmdesk.paths import reference_sources_dir
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.refsections.protocols import load_dose_limits, load_protocols


def _sources_with(tmp_path: Path, protocol_id: str, old: str, new: str) -> Path:
    sources = tmp_path / "reference"
    (sources / "protocols").mkdir(parents=True)
    path = reference_sources_dir() / "protocols" / f"{protocol_id}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    (sources / "protocols" / path.name).write_text(text.replace(old, new), encoding="utf-8")
    shutil.copy(reference_sources_dir() / "dose_limits.toml", sources / "dose_limits.toml")
    return sources


def test_the_shipped_templates_load() -> None:
    assert len(load_protocols(reference_sources_dir())) >= 12


def test_a_note_in_english_only_is_refused(tmp_path: Path) -> None:
    sources = _sources_with(
        tmp_path,
        "pemetrexed-pmlm",
        'note = { en = "weekly for 4 weeks", zh = "每周 1 次，共 4 周" }',
        'note = "weekly for 4 weeks"',
    )
    with pytest.raises(ValueError, match=r"pemetrexed-pmlm.toml: no Chinese text for phases\[1\]"):
        load_protocols(sources)


def test_a_co_medication_dose_in_english_only_is_refused(tmp_path: Path) -> None:
    sources = _sources_with(
        tmp_path,
        "pemetrexed-pmlm",
        'dose = { en = "400 µg daily", zh = "每日 400 µg" }',
        'dose = "400 µg daily"',
    )
    with pytest.raises(ValueError, match=r"co_medications\[1\]\.dose"):
        load_protocols(sources)


def test_a_dose_limit_source_in_english_only_is_refused(tmp_path: Path) -> None:
    sources = tmp_path / "reference"
    sources.mkdir()
    text = (reference_sources_dir() / "dose_limits.toml").read_text(encoding="utf-8")
    line = 'ceiling_source_zh = "R36（0.7 mg 时出现剂量限制性蛛网膜炎）"\n'
    assert line in text
    (sources / "dose_limits.toml").write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(ValueError, match=r"topotecan \(any\): no Chinese for ceiling_source_zh"):
        load_dose_limits(sources)
    assert len(load_dose_limits(reference_sources_dir())) >= 10


def test_the_dose_limits_name_every_drug_in_both_languages(reference) -> None:
    limits = ProtocolRepository(reference).limits()
    set_language("zh_CN")
    try:
        assert limits.drug_name("methotrexate") == "甲氨蝶呤"
    finally:
        set_language("en")
    assert limits.drug_name("methotrexate") == "Methotrexate"
    assert limits.drug_name("no-such-card") == "no-such-card"
