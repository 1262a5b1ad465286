"""Refresh the user guide's screenshots (resources/guide/<lang>/images) from docs/screenshots.

    python -m lmdesk.devtools.guide_images           copy what changed, list it
    python -m lmdesk.devtools.guide_images --check   exit 1 if a guide image is stale

The guide shows each screen as ``./dev shot`` (``devtools.screenshots``) last took it: the
screen's main scene, ``docs/screenshots/main-<screen>-<lang>.png``, becomes
``resources/guide/<lang>/images/<screen>.png`` for every image the guide already has. Run it
after retaking the screenshots, so the bundled guide never shows an older window.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
GUIDE = PACKAGE / "resources" / "guide"
SHOTS = PACKAGE.parent / "docs" / "screenshots"


def pairs(guide: Path = GUIDE, shots: Path = SHOTS) -> list[tuple[Path, Path]]:
    """(screenshot, guide image) for every image in the guide; the screenshot may be missing."""
    found = []
    for image in sorted(guide.glob("*/images/*.png")):
        language = image.parent.parent.name
        found.append((shots / f"main-{image.stem}-{language}.png", image))
    return found


def stale(guide: Path = GUIDE, shots: Path = SHOTS) -> list[tuple[Path, Path]]:
    """The pairs whose guide image differs from its screenshot (missing shots left out)."""
    return [
        (shot, image)
        for shot, image in pairs(guide, shots)
        if shot.exists() and shot.read_bytes() != image.read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lmdesk.devtools.guide_images")
    parser.add_argument("--check", action="store_true", help="only report stale images")
    args = parser.parse_args(argv)
    missing = [shot for shot, _image in pairs() if not shot.exists()]
    for shot in missing:
        print(f"no screenshot {shot.relative_to(PACKAGE.parent)} (run ./dev shot)")
    changed = stale()
    for shot, image in changed:
        if not args.check:
            shutil.copyfile(shot, image)
        verb = "stale" if args.check else "copied"
        print(f"{verb}: {image.relative_to(PACKAGE.parent)} <- {shot.name}")
    if args.check and (changed or missing):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
