"""The guide's screenshots are refreshed from docs/screenshots (devtools.guide_images)."""

from __future__ import annotations

from pathlib import Path

from lmdesk.devtools import guide_images


def test_the_guide_images_match_the_screenshots() -> None:
    assert guide_images.pairs(), "the guide has images"
    assert all(shot.exists() for shot, _image in guide_images.pairs())
    assert guide_images.stale() == []  # run: python -m lmdesk.devtools.guide_images


def test_a_stale_image_is_found_and_copied(tmp_path: Path) -> None:
    guide, shots = tmp_path / "guide", tmp_path / "shots"
    (guide / "zh_CN" / "images").mkdir(parents=True)
    shots.mkdir()
    (guide / "zh_CN" / "images" / "pk.png").write_bytes(b"old")
    (shots / "main-pk-zh_CN.png").write_bytes(b"new")
    found = guide_images.stale(guide, shots)
    assert found == [(shots / "main-pk-zh_CN.png", guide / "zh_CN" / "images" / "pk.png")]
    (shots / "main-pk-zh_CN.png").write_bytes(b"old")
    assert guide_images.stale(guide, shots) == []
