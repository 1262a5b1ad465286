"""Issue 28 item 4: no write goes into a damaged patient DB; ``db check`` never exits 1.

Over a few dozen seeds, a checkpointed DB gets random bit flips or a zeroed page; then a
patient is added the way the CLI does (open with ``integrity_check``, write) and ``db check``
runs. Never: the write succeeds while ``db check`` finds damage; never: exit 1 or a
traceback. The counts of each outcome are printed (``-s``) for the README.
"""

from __future__ import annotations

import random
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from lmdesk.__main__ import main
from lmdesk.models.errors import LmdeskError

sys.path.insert(0, str(Path(__file__).parent))
from faults_helpers import add_patients, make_db, open_db

SEEDS = range(24)
OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pristine") / "p.sqlite"
    pdb = make_db(db, 120)
    pdb.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pdb.close()
    return db


def damage(data: bytearray, kind: str, rng: random.Random) -> None:
    page = 4096
    if kind == "bitflip":
        for _ in range(rng.randint(1, 8)):
            pos = rng.randrange(100, len(data))  # past the header: its own check is older
            data[pos] ^= 1 << rng.randrange(8)
    else:
        n = rng.randrange(1, len(data) // page)
        data[n * page : (n + 1) * page] = bytes(page)


@pytest.mark.parametrize("kind", ["bitflip", "zeroed-page"])
@pytest.mark.parametrize("seed", SEEDS)
def test_no_write_into_a_damaged_database(
    tmp_path: Path, pristine: Path, kind: str, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite"
    shutil.copy(pristine, db)
    shutil.copy(pristine.with_name(pristine.name + ".lmdesk-id"), tmp_path)
    data = bytearray(db.read_bytes())
    damage(data, kind, random.Random(seed))
    db.write_bytes(bytes(data))
    try:
        pdb = open_db(db)
        try:
            add_patients(pdb, "NEW", 1)
        finally:
            pdb.close()
        wrote = True
    except LmdeskError:
        wrote = False
    capsys.readouterr()
    code = main(["--db", str(db), "db", "check"])
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "internal error" not in err and "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and "damaged" in err
    assert not (wrote and code != 0), "a write went into a database db check calls damaged"
    OUTCOMES[f"{kind}: {'written' if wrote else 'refused'}, check {code}"] += 1


def test_report_outcomes() -> None:
    print(dict(sorted(OUTCOMES.items())))
