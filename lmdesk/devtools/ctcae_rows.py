"""Generated JSON lines for ``lmdesk grade --batch``: an edge-case mix for tests, an export-like
mix for the benchmark. Run by hand: ``python -m lmdesk.devtools.ctcae_rows N [edges|export]``.

Deterministic (seeded). Numbers are invented test input, not clinical data.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from lmdesk.models.ctcae.lab_criteria import LAB_TERMS, RENAMED
from lmdesk.models.ctcae.rules import AbsoluteRule, FebrileNeutropeniaRule, RelativeRule, Version
from lmdesk.models.ctcae.units import CASE_SENSITIVE_ALIASES, UNIT_ALIASES

_SPELLINGS = {name: list(aliases) for name, (_unit, aliases) in UNIT_ALIASES.items()}
for _name, _extra in CASE_SENSITIVE_ALIASES.items():
    _SPELLINGS[_name] += list(_extra)

# the reference-unit scale each unit's numbers are drawn on (typical LLN/ULN per scale)
_TYPICAL: dict[str, tuple[float, float]] = {
    "10^9/L": (2.0, 10.0),
    "g/L": (120.0, 160.0),
    "mmol/L": (3.5, 5.1),
    "U/L": (10.0, 40.0),
    "umol/L": (5.0, 21.0),
    "degC": (36.0, 37.5),
    "degF": (97.0, 99.5),
}

_BAD_LINES = [
    "",
    "   ",
    "not json",
    "[1, 2]",
    '"text"',
    "{}",
    '{"term": "Anemia"}',
    '{"term": "Anemia", "value": -3, "unit": "g/L"}',
    '{"term": "Anemia", "value": "abc", "unit": "g/L"}',
    '{"term": "Anemia", "value": 95, "unit": "g/L", "colour": "red"}',
    '{"term": "Anemia", "value": 95, "unit": "mg/L"}',
    '{"term": "Anemia", "value": 95, "unit": "g/L", "version": "4.0"}',
    '{"term": "Nonsense", "value": 1, "unit": "g/L"}',
    '{"term": "Headache", "value": 1, "unit": "g/L"}',
    '{"term": "头痛", "value": 1}',
    '{"term": "Anemia", "value": {"x": 1}, "unit": "g/L"}',
    '{"term": "Anemia", "value": 95, "value": 70, "unit": "g/L"}',
    '{"term": "Anemia", "\\u0076alue": 70, "value": 95, "unit": "g/L"}',
    '{"term": "Anemia", "value": 95, "unit": "g/L", "lln": [1]}',
    '{"term": "Anemia", "value": 95, "unit": "g/L", "lln": true}',
    '{"term": "Anemia", "value": 95, "unit": "g/L", "lln": 1}',
    '{"term": "Anemia", "value": 1e999, "unit": "g/L"}',
    '{"term": "Anemia", "value": 0123, "unit": "g/L"}',
    '{"term": "Alanine aminotransferase increased", "value": 50, "uln": 40, "baseline": 0}',
    '{"term": "Creatinine increased", "value": 100, "unit": "umol/L", "uln": 0}',
    '{"term": "Creatinine increased", "value": 100, "unit": "umol/L", "uln": 90, "lln": 95}',
    '{"term": "Neutrophil count decreased", "value": "1,5", "unit": "10^9/L", "lln": 2}',
    '{"term": "Neutrophil count decreased", "value": "75,000", "unit": "/mm3", "lln": 2}',
    '{"term": "Fever", "value": 38.5, "unit": "degC", "hours_above_40c": "x"}',
    '{"term": "Febrile neutropenia", "value": 0.5, "unit": "10^9/L", "max_temp_c": 37, '
    '"sustained_38c_over_1h": "yes"}',
]


def _number(rng: random.Random, around: float) -> Any:
    """A value near ``around`` (or exactly on it), as a JSON number, an int or a string."""
    pick = rng.random()
    if pick < 0.15:
        exact: Any = around
    elif pick < 0.3:
        exact = round(around * rng.choice([0.999, 1.001, 0.5, 2.0]), 3)
    else:
        exact = round(around * rng.uniform(0.0, 3.0), rng.choice([0, 1, 2, 3]))
    kind = rng.random()
    if kind < 0.15:
        return str(Decimal(repr(float(exact))))
    if kind < 0.25 and float(exact).is_integer():
        return int(exact)
    return float(exact)


def _points(key: tuple[Version, str]) -> list[float]:
    """Numbers the term's grade turns on, in its reference unit (to draw values near)."""
    rule = LAB_TERMS[key].rule
    if isinstance(rule, AbsoluteRule):
        out = [float(p) for s in rule.scales.values() for b in s.bands for p in (b.lo, b.hi) if p]
        return out or [1.0]
    if isinstance(rule, FebrileNeutropeniaRule):
        return [float(rule.anc_below)]
    return [float(m.factor) for m in (*rule.uln, *rule.baseline)] or [1.0]


def edge_row(rng: random.Random) -> str:
    """One line of the edge mix: any term, version, unit spelling, reference and fact."""
    if rng.random() < 0.04:
        return rng.choice(_BAD_LINES)
    key = rng.choice(sorted(LAB_TERMS))
    version, name = key
    rule = LAB_TERMS[key].rule
    unit_name = rng.choice(rule.units)
    spelling = rng.choice(_SPELLINGS[unit_name])
    factor = float(UNIT_ALIASES[unit_name][0].factor)
    scale = UNIT_ALIASES[unit_name][0].scale
    low, high = _TYPICAL.get(scale, (1.0, 10.0))
    row: dict[str, Any] = {}
    names = [name] + [old for (v, old), new in RENAMED.items() if new == name and v == version]
    row["term"] = rng.choice([*names, name.upper(), f"  {name.lower()} "])
    if isinstance(rule, RelativeRule):
        uln = round(high / factor * rng.uniform(0.8, 1.2), 1)
        row["value"] = _number(rng, uln * rng.choice(_points(key)))
        if rng.random() < 0.85:
            row["uln"] = uln if rng.random() < 0.9 else f"{uln} {spelling}"
        if rng.random() < 0.6:
            base = _number(rng, uln * rng.choice([0.5, 1.0, 1.5, 2.0, 6.0]))
            row["baseline"] = base if rng.random() < 0.9 else f"{base} {spelling}"
        if rng.random() < 0.3:
            row["lln"] = round(low / factor, 1)
    else:
        point = rng.choice(_points(key)) / (factor if scale != "degF" else 1.0)
        row["value"] = _number(rng, point)
        if rng.random() < 0.8:
            lln = round(low / factor * rng.uniform(0.8, 1.2), 2)
            if rng.random() < 0.05:
                lln = round(lln * rng.choice([100, 1000, 0.001]), 3)  # implausible
            row["lln"] = lln if rng.random() < 0.9 else f"{lln} {spelling}"
        if rng.random() < 0.05:  # a ULN the absolute terms ignore, in a unit of no use to them
            row["uln"] = rng.choice(["5 mg/dL", "40 U/L", 7])
    if rng.random() < 0.9:
        row["unit"] = spelling
    if rng.random() < 0.8:
        row["version"] = rng.choice([version, f"v{version[0]}", version[0]])
    elif version != "5.0":
        row["version"] = version
    for fact in ("symptomatic", "sustained_38c_over_1h"):
        if rng.random() < 0.2:
            row[fact] = rng.choice(["yes", "no", True, False])
    if rng.random() < 0.15:
        row["hours_above_40c"] = rng.choice([2, 24, 25, "30"])
    if rng.random() < 0.15:
        row["max_temp_c"] = rng.choice([37.5, 38.0, 38.3, 38.4, 39])
    keys = list(row)
    if rng.random() < 0.3:
        rng.shuffle(keys)
    text = json.dumps({k: row[k] for k in keys}, ensure_ascii=rng.random() < 0.5)
    return text if rng.random() < 0.9 else text.replace(", ", ",").replace(": ", ":")


# a ward's export: few labs (LLN/ULN), one baseline per patient, two decimals
_EXPORT = [
    ("Neutrophil count decreased", "10^9/L", 2.0, None, 0.1, 8.0),
    ("Platelet count decreased", "10^9/L", 150.0, None, 5.0, 400.0),
    ("White blood cell decreased", "10^9/L", 4.0, None, 0.5, 12.0),
    ("Anemia", "g/L", 120.0, None, 60.0, 170.0),
    ("Hypokalemia", "mmol/L", 3.5, None, 2.2, 5.5),
    ("Hyponatremia", "mmol/L", 135.0, None, 115.0, 145.0),
    ("Alanine aminotransferase increased", "U/L", None, 40.0, 5.0, 400.0),
    ("Aspartate aminotransferase increased", "U/L", None, 40.0, 5.0, 400.0),
    ("Alkaline phosphatase increased", "U/L", None, 120.0, 30.0, 600.0),
    ("Blood bilirubin increased", "umol/L", None, 21.0, 3.0, 120.0),
    ("Creatinine increased", "umol/L", 45.0, 110.0, 30.0, 400.0),
]


def export_row(rng: random.Random) -> str:
    """One line of a lab export: valid rows, 1 in 100 unusable."""
    if rng.random() < 0.01:
        return rng.choice(_BAD_LINES)
    term, unit, lln, uln, low, high = rng.choice(_EXPORT)
    row: dict[str, Any] = {"term": term, "value": round(rng.uniform(low, high), 2), "unit": unit}
    if lln is not None:
        row["lln"] = lln
    if uln is not None:
        row["uln"] = uln
        patient = rng.randrange(5000)
        row["baseline"] = round(low + (high - low) * ((patient * 7919) % 1000) / 4000, 1)
    row["version"] = "6.0" if rng.random() < 0.3 else "5.0"
    return json.dumps(row, ensure_ascii=False)


def rows(count: int, mix: str = "edges", seed: int = 27) -> Iterator[str]:
    """``count`` generated lines of the ``edges`` or ``export`` mix."""
    rng = random.Random(seed)
    make = edge_row if mix == "edges" else export_row
    for _ in range(count):
        yield make(rng)


if __name__ == "__main__":
    for line in rows(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "edges"):
        sys.stdout.write(line + "\n")
