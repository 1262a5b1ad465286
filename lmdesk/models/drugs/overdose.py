"""Overdose cards: what to do after an intrathecal overdose of a drug, step by step, with sources.

The content is reference data (``resources/reference/overdose/<drug>.toml``, from
it_safety_gates §4.1): bilingual texts, each with its citation keys; a step the sources
do not confirm (a dose nobody published) says so. Dose bands place a given dose.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.models.scheduling.protocol import text_in


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(_Frozen):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return text_in(language, self.en, self.zh)


class OverdoseStep(_Frozen):
    text: Bilingual
    source: tuple[str, ...] = ()
    confirmed: bool = True


class DoseBand(_Frozen):
    """A dose band: ``from_mg``/``to_mg`` inclusive, ``above_mg``/``below_mg`` exclusive."""

    text: Bilingual
    source: tuple[str, ...] = ()
    from_mg: float | None = None
    above_mg: float | None = None
    to_mg: float | None = None
    below_mg: float | None = None

    def holds(self, dose_mg: float) -> bool:
        return (
            (self.from_mg is None or dose_mg >= self.from_mg)
            and (self.above_mg is None or dose_mg > self.above_mg)
            and (self.to_mg is None or dose_mg <= self.to_mg)
            and (self.below_mg is None or dose_mg < self.below_mg)
        )


class OverdoseCard(_Frozen):
    drug: str = Field(min_length=1)
    title: Bilingual
    summary: Bilingual
    never: Bilingual
    never_source: tuple[str, ...] = ()
    steps: tuple[OverdoseStep, ...] = Field(min_length=1)
    bands: tuple[DoseBand, ...] = ()

    def band_for(self, dose_mg: float) -> DoseBand | None:
        """The band a dose falls in (the first that holds), or None."""
        return next((b for b in self.bands if b.holds(dose_mg)), None)

    def citations(self) -> list[str]:
        keys = [*self.never_source]
        for step in self.steps:
            keys += step.source
        for band in self.bands:
            keys += band.source
        return list(dict.fromkeys(keys))


def cite(keys: tuple[str, ...]) -> str:
    """``[R231][R232]`` (empty when no key)."""
    return "".join(f"[{k}]" for k in keys)
