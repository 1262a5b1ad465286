"""Protocol templates: the shape of an intrathecal course before it meets a patient.

A protocol is a list of phases (induction, consolidation, maintenance, or numbered
cycles). Each phase repeats a period (days or calendar months) with sessions on given
offsets inside it. Anything the sources leave UNCONFIRMED is named in ``unconfirmed`` /
left ``None`` so that the planner asks the clinician instead of guessing.

Texts are reference data in both languages, chosen in the reader's language when shown
(``notes_in``, ``note_in``, ``dose_in`` ...). The source files write them as the drug
cards do, ``notes = { en = "...", zh = "..." }``; the model keeps the English text in the
field itself and the Chinese beside it (``notes`` / ``notes_zh``), so stored courses, plan
files and JSON outputs keep their English fields. A text with no Chinese (a custom protocol
typed by a clinician) is shown as written; :meth:`Protocol.missing_chinese` names them, and
the reference build refuses a template with one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.scheduling.routes import IT_ROUTE_LABELS

Route = Literal["lp", "ommaya"]
PhaseKind = Literal["induction", "consolidation", "maintenance", "cycle"]
CheckKind = Literal["blood_count", "liver_function", "csf_sample"]
ProtocolStatus = Literal["standard", "investigational", "discontinued", "custom"]

ROUTES: tuple[Route, ...] = ("lp", "ommaya")

ROUTE_LABELS: dict[str, str] = IT_ROUTE_LABELS
#: Routes of co-medications (the IT drug's own route is one of ``ROUTE_LABELS``).
CO_MED_ROUTE_LABELS: dict[str, str] = {
    "it": N_("intrathecal"),
    "oral": N_("oral"),
    "iv": N_("intravenous"),
    "im": N_("intramuscular"),
    "unspecified": N_("Route not stated in the source"),
}
PHASE_LABELS: dict[str, str] = {
    "induction": N_("Induction"),
    "consolidation": N_("Consolidation"),
    "maintenance": N_("Maintenance"),
    "cycle": N_("Cycle"),
}
CHECK_LABELS: dict[str, str] = {
    "blood_count": N_("Blood count with differential"),
    "liver_function": N_("Liver function tests"),
    "csf_sample": N_("CSF sample for cytology and markers"),
}


#: Drug card id -> (English name, Chinese name), as read from the reference database.
DrugNames = Mapping[str, tuple[str, str]]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def text_in(language: str, en: str, zh: str) -> str:
    """A reference text in ``language``: Chinese for zh_CN where given, else English."""
    return zh if language.startswith("zh") and zh else en


def _split_pair(value: Any, where: str) -> tuple[Any, Any]:
    if not isinstance(value, Mapping):
        return value, ""
    unknown = set(value) - {"en", "zh"}
    if unknown or "en" not in value:
        raise ValueError(f"{where}: a bilingual text is {{ en = ..., zh = ... }}")
    return value["en"], value.get("zh", "")


def split_bilingual(data: Any, fields: tuple[str, ...], lists: tuple[str, ...] = ()) -> Any:
    """The source form ``field = { en, zh }`` as the stored form ``field`` + ``field_zh``.

    ``lists`` are lists of such texts (``unconfirmed = [{ en, zh }, ...]``), stored as two
    lists of equal length. Anything already in the stored form passes unchanged.
    """
    if not isinstance(data, Mapping):
        return data
    out = dict(data)
    for name in fields:
        if isinstance(out.get(name), Mapping):
            if f"{name}_zh" in out:
                raise ValueError(f"{name}: give the Chinese in {{ en, zh }} or {name}_zh, not both")
            out[name], out[f"{name}_zh"] = _split_pair(out[name], name)
    for name in lists:
        items = out.get(name)
        if isinstance(items, list | tuple) and any(isinstance(i, Mapping) for i in items):
            if f"{name}_zh" in out:
                raise ValueError(f"{name}: give the Chinese in {{ en, zh }} or {name}_zh, not both")
            pairs = [_split_pair(item, f"{name}[{i}]") for i, item in enumerate(items)]
            out[name] = [en for en, _zh in pairs]
            out[f"{name}_zh"] = [zh for _en, zh in pairs]
    return out


class DoseRange(_Frozen):
    """Dose per injection in mg allowed by the protocol (its own range, not the drug ceiling)."""

    min_mg: float = Field(gt=0)
    max_mg: float = Field(gt=0)
    default_mg: float = Field(gt=0)
    source: str = ""
    source_zh: str = ""

    def source_in(self, language: str) -> str:
        return text_in(language, self.source, self.source_zh)

    @model_validator(mode="after")
    def _ordered(self) -> DoseRange:
        if not self.min_mg <= self.default_mg <= self.max_mg:
            raise ValueError("dose range must satisfy min <= default <= max")
        return self


class CoMedication(_Frozen):
    """A drug given with the IT dose: a co-injection (``route='it'``) or a systemic support drug.

    ``drug`` is a drug card id; its name in the reader's language comes from the card
    (:func:`co_medication_text`). ``dose`` and ``timing`` are texts, with ``*_zh`` beside.
    """

    drug: str
    dose: str
    dose_zh: str = ""
    route: Literal["it", "oral", "iv", "im", "unspecified"]
    timing: str = ""
    timing_zh: str = ""
    source: str = ""
    confirmed: bool = True

    @model_validator(mode="before")
    @classmethod
    def _bilingual(cls, data: Any) -> Any:
        return split_bilingual(data, ("dose", "timing"))

    def dose_in(self, language: str) -> str:
        return text_in(language, self.dose, self.dose_zh)

    def timing_in(self, language: str) -> str:
        return text_in(language, self.timing, self.timing_zh)


class ScheduleDefault(_Frozen):
    """What the planner lays out where the sources leave a phase's schedule open.

    A course is never planned empty: the default fills the open numbers (the interval
    when the phase has no period, and the number of periods) and stays "not confirmed"
    until the clinician confirms it or enters their own. ``basis`` says where the numbers
    come from (an analogous sourced schedule), with its citation, in both languages.
    """

    period_days: int | None = Field(default=None, ge=1)
    repeats: int = Field(ge=1)
    basis_en: str = Field(min_length=1)
    basis_zh: str = Field(min_length=1)

    def basis(self, language: str) -> str:
        return self.basis_zh if language == "zh_CN" else self.basis_en


class Phase(_Frozen):
    """One phase: ``offsets_days`` inside each period, repeated ``repeats`` times.

    ``repeats=None`` means "until stopped" (maintenance) or, with ``confirmed=False``,
    that the source did not say: the clinician enters it, and until then the planner
    lays out ``default`` marked "not confirmed".
    """

    kind: PhaseKind
    period_days: int | None = Field(default=None, ge=1)
    period_months: int | None = Field(default=None, ge=1)
    offsets_days: tuple[int, ...] = (0,)
    repeats: int | None = Field(default=None, ge=1)
    min_interval_days: int = Field(default=3, ge=1)
    confirmed: bool = True
    default: ScheduleDefault | None = None
    note: str = ""
    note_zh: str = ""
    source: str = ""
    #: Where a source states when a maintenance phase starts after the previous phase (its
    #: first offset then counts from the end of the previous phase). Empty: not stated, so
    #: the planner lays out a default the clinician confirms (``open_schedule``).
    transition_source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _bilingual(cls, data: Any) -> Any:
        return split_bilingual(data, ("note",))

    def note_in(self, language: str) -> str:
        return text_in(language, self.note, self.note_zh)

    @model_validator(mode="after")
    def _one_period(self) -> Phase:
        if self.confirmed and (self.period_days is None) == (self.period_months is None):
            raise ValueError("a confirmed phase needs exactly one of period_days / period_months")
        if self.default is not None:
            if self.confirmed:
                raise ValueError("only an unconfirmed phase takes a schedule default")
            no_period = self.period_days is None and self.period_months is None
            if no_period and self.default.period_days is None:
                raise ValueError("the default of a phase without a period needs period_days")
            if not no_period and self.default.period_days is not None:
                raise ValueError("a default may not replace the phase's sourced period")
            period = self.period_days or self.default.period_days
            if period is not None and self.offsets_days[-1] >= period:
                raise ValueError("offsets_days must fall inside the default period")
        if not self.offsets_days or any(o < 0 for o in self.offsets_days):
            raise ValueError("offsets_days must be non-empty and non-negative")
        if list(self.offsets_days) != sorted(set(self.offsets_days)):
            raise ValueError("offsets_days must be strictly increasing")
        if self.period_days is not None and self.offsets_days[-1] >= self.period_days:
            raise ValueError("offsets_days must fall inside the period")
        return self

    @property
    def open_ended(self) -> bool:
        return self.repeats is None


class MriPlan(_Frozen):
    """When reassessment MRI is due; ``every_weeks=None`` means not confirmed by the sources."""

    every_weeks: int | None = Field(default=None, ge=1)
    source: str = ""
    note: str = ""
    note_zh: str = ""

    @model_validator(mode="before")
    @classmethod
    def _bilingual(cls, data: Any) -> Any:
        return split_bilingual(data, ("note",))

    def note_in(self, language: str) -> str:
        return text_in(language, self.note, self.note_zh)


class Protocol(_Frozen):
    """A protocol template; a course keeps a frozen copy (snapshot) of it."""

    id: str = Field(min_length=1)
    name_en: str
    name_zh: str = ""
    drug: str = Field(min_length=1)
    routes: tuple[Route, ...] = ROUTES
    dose: DoseRange
    phases: tuple[Phase, ...] = Field(min_length=1)
    co_medications: tuple[CoMedication, ...] = ()
    checks: tuple[CheckKind, ...] = ("blood_count",)
    mri: MriPlan = MriPlan()
    status: ProtocolStatus = "standard"
    sources: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    #: Empty, or the Chinese of each ``unconfirmed`` item in the same order ("" = none).
    unconfirmed_zh: tuple[str, ...] = ()
    notes: str = ""
    notes_zh: str = ""

    @model_validator(mode="before")
    @classmethod
    def _bilingual(cls, data: Any) -> Any:
        return split_bilingual(data, ("notes",), lists=("unconfirmed",))

    @model_validator(mode="after")
    def _sane(self) -> Protocol:
        if not self.routes:
            raise ValueError("a protocol needs at least one route")
        if self.unconfirmed_zh and len(self.unconfirmed_zh) != len(self.unconfirmed):
            raise ValueError("unconfirmed_zh must give one Chinese text per unconfirmed item")
        open_phases = [i for i, p in enumerate(self.phases) if p.repeats is None and p.confirmed]
        if open_phases and open_phases[0] != len(self.phases) - 1:
            raise ValueError("only the last phase may run until stopped")
        return self

    def display_name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" and self.name_zh else self.name_en

    def source_text(self) -> str:
        return ", ".join(self.sources)

    def needs_clinician_input(self) -> bool:
        return any(not p.confirmed for p in self.phases)

    def notes_in(self, language: str) -> str:
        return text_in(language, self.notes, self.notes_zh)

    def unconfirmed_pairs(self) -> list[tuple[str, str]]:
        """(English, Chinese) of each item the sources leave unconfirmed ("" = no Chinese)."""
        chinese = self.unconfirmed_zh or ("",) * len(self.unconfirmed)
        return list(zip(self.unconfirmed, chinese, strict=True))

    def unconfirmed_in(self, language: str) -> tuple[str, ...]:
        """What the sources leave unconfirmed, item by item in ``language``."""
        return tuple(text_in(language, en, zh) for en, zh in self.unconfirmed_pairs())

    def texts(self) -> list[tuple[str, str, str]]:
        """(where, English, Chinese) of every text of the protocol shown to a reader."""
        found = [("name", self.name_en, self.name_zh), ("notes", self.notes, self.notes_zh)]
        found.append(("dose.source", self.dose.source, self.dose.source_zh))
        found += [
            (f"unconfirmed[{i}]", en, zh) for i, (en, zh) in enumerate(self.unconfirmed_pairs())
        ]
        for i, p in enumerate(self.phases):
            found.append((f"phases[{i}].note", p.note, p.note_zh))
            if p.default is not None:
                found.append((f"phases[{i}].default.basis", p.default.basis_en, p.default.basis_zh))
        for i, m in enumerate(self.co_medications):
            found.append((f"co_medications[{i}].dose", m.dose, m.dose_zh))
            found.append((f"co_medications[{i}].timing", m.timing, m.timing_zh))
        found.append(("mri.note", self.mri.note, self.mri.note_zh))
        return found

    def missing_chinese(self) -> list[str]:
        """Where an English text has no Chinese beside it (empty for a finished template)."""
        return [where for where, en, zh in self.texts() if en.strip() and not zh.strip()]


def drug_name_in(drug: str, names: DrugNames, language: str) -> str:
    """A drug card id as the reader names the drug (the id itself if the card is unknown)."""
    en, zh = names.get(drug, ("", ""))
    return text_in(language, en, zh) or drug


def co_medication_text(med: CoMedication, names: DrugNames) -> str:
    """``地塞米松 5 mg（鞘内）`` / ``Dexamethasone 5 mg (intrathecal)`` for a screen, in the
    active language (the sheet has its own words: ``sheet_sections``)."""
    language = current_language()
    name = drug_name_in(med.drug, names, language)
    route = _(CO_MED_ROUTE_LABELS[med.route])
    if language.startswith("zh"):
        return f"{name} {med.dose_in(language)}（{route}）"
    return f"{name} {med.dose_in(language)} ({route})"
