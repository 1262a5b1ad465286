"""Property tests: every parser and validator takes any input without crashing.

Each either returns a valid value or raises the documented error (BadInputError,
argparse's ArgumentTypeError, pydantic's ValidationError); nothing else escapes.
"""

from __future__ import annotations

import argparse
import contextlib
import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lmdesk.cli.parser import iso_date, positive_float, positive_int
from lmdesk.i18n import normalize_language
from lmdesk.models.ctcae.lab_grading import grade_lab
from lmdesk.models.ctcae.lab_query import QUERY_FIELDS, LabQuery, parse_version, parse_yes_no
from lmdesk.models.ctcae.units import parse_unit, to_decimal
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.dose_safety import validate_dose_value

#: Text that has broken real programs: SQL, format strings, RTL, emoji, full-width, NUL.
NASTY = [
    "",
    " ",
    "'; DROP TABLE patients; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "{}",
    "{0}",
    "{path}",
    "%s%n",
    "\u202etxet lanigiro",
    "\u200b\u200d\ufeff",
    "😷💉🧠",
    "ＭＴＸ　１２ｍｇ",
    "１２",
    "١٢",
    "NaN",
    "inf",
    "-0",
    "1e309",
    "0x10",
    "1_000",
    "12,5",
    "\x00",
    "a" * 10_000,
]
any_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200))


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(any_text)
@example("2027-02-29")
@example("２０２７-０１-０４")
def test_iso_date_returns_a_date_or_a_usage_error(text: str) -> None:
    try:
        value = iso_date(text)
    except argparse.ArgumentTypeError:
        return
    assert isinstance(value, date)


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(any_text)
def test_positive_float_is_finite_and_positive_or_refused(text: str) -> None:
    try:
        value = positive_float(text)
    except argparse.ArgumentTypeError:
        return
    assert math.isfinite(value) and value > 0


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(any_text)
def test_positive_int_is_positive_or_refused(text: str) -> None:
    try:
        value = positive_int(text)
    except argparse.ArgumentTypeError:
        return
    assert isinstance(value, int) and value > 0


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10**9)))
@example(float("inf"))
@example(float("nan"))
@example(0.0)
@example(-0.0)
def test_dose_value_must_be_finite_and_positive(dose: float) -> None:
    good = math.isfinite(dose) and dose > 0
    if good:
        validate_dose_value(dose)
    else:
        with pytest.raises(BadInputError):
            validate_dose_value(dose)


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(st.one_of(any_text, st.integers(), st.floats(), st.none(), st.booleans(), st.decimals()))
def test_lab_numbers_are_finite_non_negative_decimals_or_bad_input(value: object) -> None:
    try:
        number = to_decimal(value, "value")
    except BadInputError as err:
        assert "value" in str(err)
        return
    assert number is None or (isinstance(number, Decimal) and number.is_finite() and number >= 0)


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(st.one_of(any_text, st.none()))
def test_unit_parser_never_raises(text: str | None) -> None:
    parse_unit(text)


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(any_text)
def test_drug_name_key_is_stable(text: str) -> None:
    key = normalize_name(text)
    assert normalize_name(key) == key
    assert normalize_name(text.upper()) == normalize_name(text.lower()) or not text.isascii()


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(st.one_of(any_text, st.none(), st.integers(), st.floats()))
def test_version_and_yes_no_parsers(value: object) -> None:
    with contextlib.suppress(BadInputError):
        assert parse_version(value) in ("5.0", "6.0")
    with contextlib.suppress(BadInputError):
        assert parse_yes_no(value, "symptomatic") in (True, False, None)


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(st.one_of(any_text, st.none()))
def test_language_names_normalise_or_are_none(text: str | None) -> None:
    assert normalize_language(text) in (None, "en", "zh_CN")


field_values = st.one_of(
    any_text, st.none(), st.integers(-5, 10**6), st.floats(), st.booleans(), st.lists(st.none())
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(QUERY_FIELDS), any_text), field_values, max_size=len(QUERY_FIELDS)
    ),
    st.sampled_from(
        ["Platelet count decreased", "Neutrophil count decreased", "Creatinine increased", None]
    ),
)
def test_lab_query_and_grading_take_any_form_input(raw: dict[str, object], term: str | None):
    if term is not None:
        raw = {**raw, "term": term}
    try:
        query = LabQuery.from_raw(raw)
    except BadInputError:
        return
    try:
        result = grade_lab(query)
    except BadInputError:
        return
    assert result.grade is None or 0 <= result.grade <= 5


@settings(deadline=None)  # no timing in tests: slow CI machines must not flake
@given(
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                '{"hospital_name": "北京协和医院"}'.encode("gbk"),  # saved by a GBK editor
                b"[" * 5000,
                b'{"backups_to_keep": 0}',
                b'{"backups_to_keep": "ten"}',
                b'{"language": 5}',
                b"\xef\xbb\xbf{}",
            ]
        ),
    )
)
def test_any_settings_file_falls_back_to_defaults(content: bytes) -> None:
    """Found by this test: a settings.json in GBK stopped lmdesk from starting."""
    import tempfile
    from pathlib import Path

    from lmdesk.settings import Settings, load_settings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "settings.json"
        path.write_bytes(content)
        settings = load_settings(path)
        assert isinstance(settings, Settings) and 1 <= settings.backups_to_keep <= 365
        if settings == Settings() and not path.exists():
            assert path.with_name("settings.json.bad").read_bytes() == content
