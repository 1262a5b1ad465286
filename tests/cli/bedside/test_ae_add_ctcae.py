"""``lmdesk ae add --ctcae 5.0|6.0`` (issue 22): the version is chosen as the grading commands
choose it, 5.0 by default, and the term is checked against that version's table."""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from lmdesk.cli import bedside, build_parser
from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.errors import BadInputError
from lmdesk.store.ae_repo import AdverseEventRepository


def _ae_add_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    top = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    ae = top.choices["ae"]
    sub = next(a for a in ae._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices["add"]


def test_ctcae_option_offers_both_versions_default_5() -> None:
    option = next(a for a in _ae_add_parser()._actions if "--ctcae" in a.option_strings)
    assert option.default == "5.0"
    assert tuple(option.choices or ()) == ("5.0", "6.0")


def _args(course: int, term: str, ctcae: str) -> argparse.Namespace:
    return argparse.Namespace(
        course=course, term=term, grade=3, date=date(2027, 1, 4), attribution="drug",
        ctcae=ctcae, json=True, by="Dr A", user="dr.a",
    )  # fmt: skip


def test_ae_add_records_the_chosen_version(ctx, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bedside, "acting", lambda *_a, **_k: "Dr A")
    demo.add_patient(ctx)
    course = demo.add_course(ctx).id or 0
    # "Aseptic meningitis" is a CTCAE v6.0 term, not a v5.0 one
    with pytest.raises(BadInputError):
        bedside.cmd_ae_add(_args(course, "Aseptic meningitis", "5.0"), ctx)
    assert bedside.cmd_ae_add(_args(course, "Aseptic meningitis", "6.0"), ctx) == 0
    assert bedside.cmd_ae_add(_args(course, "Arachnoiditis", "5.0"), ctx) == 0
    capsys.readouterr()
    recorded = {
        (e.term, e.version) for e in AdverseEventRepository(ctx.patients).for_course(course)
    }
    assert recorded == {("Aseptic meningitis", "6.0"), ("Arachnoiditis", "5.0")}
