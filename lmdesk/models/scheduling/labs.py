"""Lab results on the patient record that the pre-dose gate reads (counts, renal, INR, liver).

Units go through the CTCAE unit handling (``ctcae.units``/``ctcae.conversions``) so that
10^9/L, 10^3/uL, /mm3, /uL and K/uL are one count scale, and creatinine or bilirubin in
mg/dL meets umol/L. "G/L" (giga per litre, as French-style reports print counts) is read as
10^9/L for a count only; a count in grams per litre is refused. An unknown unit is refused,
never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.ctcae.conversions import to_reference
from lmdesk.models.ctcae.units import ACTIVITY, COUNT, MICROMOLAR, parse_unit, to_decimal, unit_key
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.errors import BadInputError

RATIO = "ratio"
ML_MIN = "mL/min"
#: Moments before this are typing errors (no record of this app predates it).
EARLIEST_MOMENT = datetime(2000, 1, 1)


@dataclass(frozen=True)
class LabTest:
    """A test the gate knows: its key, label, the scale its values are compared on."""

    key: str
    label: str
    scale: str
    analyte: str | None
    aliases: tuple[str, ...]


LAB_TESTS: dict[str, LabTest] = {
    t.key: t
    for t in (
        LabTest(
            "anc",
            N_("ANC (neutrophils)"),
            COUNT,
            None,
            ("anc", "neutrophils", "neutrophil count", "neut", "中性粒细胞", "中性粒细胞计数"),
        ),
        LabTest(
            "platelets",
            N_("platelets"),
            COUNT,
            None,
            ("platelets", "platelet", "plt", "platelet count", "血小板", "血小板计数"),
        ),
        LabTest(
            "wbc",
            N_("WBC (white cells)"),
            COUNT,
            None,
            ("wbc", "white blood cells", "white cell count", "leukocytes", "白细胞", "白细胞计数"),
        ),
        LabTest(
            "creatinine",
            N_("creatinine"),
            MICROMOLAR,
            "creatinine",
            ("creatinine", "cr", "scr", "肌酐"),
        ),
        LabTest(
            "crcl",
            N_("creatinine clearance (CrCl)"),
            ML_MIN,
            None,
            ("crcl", "creatinine clearance", "肌酐清除率"),
        ),
        LabTest("inr", N_("INR"), RATIO, None, ("inr", "国际标准化比值")),
        LabTest(
            "bilirubin",
            N_("total bilirubin"),
            MICROMOLAR,
            "bilirubin",
            ("bilirubin", "total bilirubin", "tbil", "总胆红素", "胆红素"),
        ),
        LabTest(
            "alt",
            N_("ALT"),
            ACTIVITY,
            None,
            ("alt", "alanine aminotransferase", "sgpt", "谷丙转氨酶", "丙氨酸氨基转移酶"),
        ),
    )
}
_ALIASES: dict[str, str] = {
    normalize_name(alias): t.key for t in LAB_TESTS.values() for alias in (t.key, *t.aliases)
}
SCALE_UNITS: dict[str, str] = {
    COUNT: "10^9/L",
    MICROMOLAR: "umol/L",
    ACTIVITY: "U/L",
    RATIO: "",
    ML_MIN: "mL/min",
}


def lab_label(key: str) -> str:
    test = LAB_TESTS.get(key)
    return _(test.label) if test else key


def find_test(name: str) -> LabTest:
    """The test named ``name`` (any case/width, English or Chinese), else bad input."""
    key = _ALIASES.get(normalize_name(name))
    if key is None:
        raise BadInputError(
            _("Unknown lab test {name!r}; known tests: {tests}.").format(
                name=name, tests=", ".join(LAB_TESTS)
            )
        )
    return LAB_TESTS[key]


def to_standard(test: LabTest, value: Decimal, unit_text: str) -> tuple[Decimal, str]:
    """``value`` in ``unit_text`` as a number on the test's scale (unit named back)."""
    raw = unit_text.strip()
    key = unit_key(raw)
    if test.scale == RATIO:
        if key in ("", "ratio", "1", "inr"):
            return value, RATIO
    elif test.scale == ML_MIN:
        if key == "ml/min":
            return value, ML_MIN
    elif test.scale == COUNT and raw == "G/L":
        return value, COUNT
    else:
        unit = parse_unit(raw)
        if unit is not None:
            number, scale = to_reference(value, unit, test.analyte)
            if scale == test.scale:
                return number, scale
    expected = SCALE_UNITS[test.scale] or _("no unit (a ratio)")
    raise BadInputError(
        _("Unit {unit!r} does not fit {test}; use e.g. {expected}.").format(
            unit=unit_text, test=lab_label(test.key), expected=expected
        )
    )


class LabResult(BaseModel):
    """One lab value: as entered (value, unit, LLN/ULN) and on the test's standard scale."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    test: str
    at: datetime
    value: float
    unit: str
    std_value: float
    std_unit: str
    lln: float | None = None
    uln: float | None = None
    std_lln: float | None = None
    std_uln: float | None = None
    entered_by: str = ""
    status: str = "active"

    @property
    def label(self) -> str:
        return lab_label(self.test)

    def std_text(self) -> str:
        unit = SCALE_UNITS.get(self.std_unit, self.std_unit)
        return f"{self.std_value:g} {unit}".strip()


def check_moment(at: datetime, now: datetime, what: str) -> None:
    """A recorded moment may not lie in the future or before 2000 (typing errors)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    if at > now:
        raise BadInputError(
            _("{what} {at} is in the future.").format(what=what, at=at.strftime("%Y-%m-%d %H:%M"))
        )
    if at.replace(tzinfo=None) < EARLIEST_MOMENT:
        raise BadInputError(
            _("{what} {at} is before 2000: check the date.").format(
                what=what, at=at.strftime("%Y-%m-%d %H:%M")
            )
        )


def make_lab_result(
    *,
    test: str,
    at: datetime,
    value: object,
    unit: str,
    now: datetime,
    entered_by: str,
    lln: object = None,
    uln: object = None,
) -> LabResult:
    """A checked lab result (bad input raises ``BadInputError``; nothing is guessed)."""
    found = find_test(test)
    check_moment(at, now, _("The lab time"))
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    number = to_decimal(value, _("value"))
    assert number is not None
    std, scale = to_standard(found, number, unit)
    bounds: dict[str, float | None] = {}
    for name, raw in (("lln", lln), ("uln", uln)):
        bound = to_decimal(raw, name.upper())
        bounds[name] = None if bound is None else float(bound)
        bounds[f"std_{name}"] = None if bound is None else float(to_standard(found, bound, unit)[0])
    if bounds["lln"] is not None and bounds["uln"] is not None and bounds["lln"] > bounds["uln"]:
        raise BadInputError(_("The LLN is above the ULN."))
    who = entered_by.strip()
    if not who:
        raise BadInputError(_("Say who enters the result (--by NAME)."))
    return LabResult(
        test=found.key,
        at=at,
        value=float(number),
        unit=unit.strip(),
        std_value=float(std),
        std_unit=scale,
        entered_by=who,
        **bounds,
    )


def latest(results: list[LabResult] | tuple[LabResult, ...], test: str) -> LabResult | None:
    """The newest active result of ``test`` (by the time it was taken)."""
    found = [r for r in results if r.test == test and r.status == "active"]
    return max(found, key=lambda r: r.at) if found else None
