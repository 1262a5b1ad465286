"""KPS, ECOG and CSF markers over a course, beside its IT doses and adverse events.

Pure data for the trend plot and its CSV export. Markers are one series per marker and
unit: values in different units are never put on one line (nothing is converted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lmdesk.i18n import N_
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.csf import marker_key, unit_key
from lmdesk.models.response.marker_change import response_band
from lmdesk.models.scheduling.course import Course

SERIES_LABELS: dict[str, str] = {"kps": N_("KPS"), "ecog": N_("ECOG")}
CSV_HEADER: tuple[str, ...] = ("date", "kind", "name", "value", "unit", "detail")


@dataclass(frozen=True)
class Series:
    key: str  # "kps", "ecog" or "marker:<name>|<unit>"
    name: str  # KPS/ECOG: an N_() label; a marker: its name as typed at its first value
    unit: str
    points: tuple[tuple[dt.date, Decimal], ...]

    @property
    def is_marker(self) -> bool:
        return self.key.startswith("marker:")


@dataclass(frozen=True)
class DoseMark:
    day: dt.date
    n: int
    drug: str
    dose_mg: float
    status: str


@dataclass(frozen=True)
class AeMark:
    day: dt.date
    term: str
    grade: int


@dataclass(frozen=True)
class Trends:
    series: tuple[Series, ...]
    doses: tuple[DoseMark, ...]
    aes: tuple[AeMark, ...]
    baseline_day: dt.date | None = None
    #: Marker series key -> the +/-35 % band around the baseline's value [R62].
    bands: tuple[tuple[str, tuple[Decimal, Decimal]], ...] = ()

    def band(self, key: str) -> tuple[Decimal, Decimal] | None:
        return dict(self.bands).get(key)

    def get(self, key: str) -> Series | None:
        return next((s for s in self.series if s.key == key), None)

    @property
    def markers(self) -> tuple[Series, ...]:
        return tuple(s for s in self.series if s.is_marker)

    def days(self) -> list[dt.date]:
        found = [d for s in self.series for d, _v in s.points]
        found += [m.day for m in self.doses] + [m.day for m in self.aes]
        return sorted(set(found))

    def csv_rows(self) -> list[tuple[str, ...]]:
        """Every point and mark by date: values exactly as recorded."""
        rows: list[tuple[str, ...]] = []
        for s in self.series:
            kind = "marker" if s.is_marker else s.key
            rows += [(d.isoformat(), kind, s.name, f"{v}", s.unit, "") for d, v in s.points]
        rows += [
            (m.day.isoformat(), "dose", m.drug, f"{m.dose_mg:g}", "mg", f"#{m.n} {m.status}")
            for m in self.doses
        ]
        rows += [
            (m.day.isoformat(), "adverse_event", m.term, str(m.grade), "grade", "")
            for m in self.aes
        ]
        return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def _scale(key: str, items: list[tuple[dt.date, int | None]]) -> Series:
    points = tuple((d, Decimal(v)) for d, v in items if v is not None)
    return Series(key, SERIES_LABELS[key], "", points)


def build_trends(
    assessments: Iterable[Assessment], course: Course | None, events: Iterable[AdverseEvent] = ()
) -> Trends:
    ordered = sorted((a for a in assessments if a.is_active), key=lambda a: a.assessed_on)
    series = [
        _scale("kps", [(a.assessed_on, a.kps) for a in ordered]),
        _scale("ecog", [(a.assessed_on, a.ecog) for a in ordered]),
    ]
    markers: dict[str, tuple[str, str, list[tuple[dt.date, Decimal]]]] = {}
    for a in ordered:
        for m in a.csf.markers:
            key = _marker_series_key(m.name, m.unit)
            markers.setdefault(key, (m.name, m.unit, []))[2].append((a.assessed_on, m.value))
    series += [Series(k, n, u, tuple(p)) for k, (n, u, p) in markers.items()]
    doses: tuple[DoseMark, ...] = ()
    if course is not None:
        doses = tuple(
            DoseMark(
                s.given.at.date() if s.given else s.date,
                s.n,
                s.drug,
                s.given.dose_mg if s.given else s.dose_mg,
                s.status,
            )
            for s in course.sessions
            if s.status != "cancelled"
        )
    aes = tuple(AeMark(e.onset, e.term, e.grade) for e in events if e.status == "active")
    baseline = next((a for a in ordered if a.is_baseline), None)
    bands: tuple[tuple[str, tuple[Decimal, Decimal]], ...] = ()
    if baseline is not None:
        bands = tuple(
            (_marker_series_key(m.name, m.unit), response_band(m.value))
            for m in baseline.csf.markers
            if m.value > 0
        )
    return Trends(tuple(series), doses, aes, baseline.assessed_on if baseline else None, bands)


def _marker_series_key(name: str, unit: str) -> str:
    return f"marker:{marker_key(name)}|{unit_key(unit)}"
