"""One finding of the pre-dose gate: level pass / warn / stop, a stable rule code, the message in
the reader's language and the citation keys (or "ward policy") it rests on."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _

GateLevel = Literal["pass", "warn", "stop"]
GATE_LEVEL_LABELS: dict[str, str] = {"pass": N_("pass"), "warn": N_("warn"), "stop": N_("STOP")}
#: Each rule code in words (the audit trail and the sheet name overridden rules by these).
RULE_LABELS: dict[str, str] = {
    "labs_missing": N_("labs missing"),
    "labs_stale": N_("labs too old"),
    "platelets_lp": N_("platelets before LP"),
    "platelets_ommaya": N_("platelets before an Ommaya dose"),
    "inr_lp": N_("INR before LP"),
    "pemetrexed_anc": N_("pemetrexed: ANC"),
    "pemetrexed_platelets": N_("pemetrexed: platelets"),
    "pemetrexed_crcl": N_("pemetrexed: creatinine clearance"),
    "liver_function": N_("liver function"),
    "liver_bilirubin": N_("bilirubin"),
    "liver_alt": N_("ALT"),
    "antithrombotic_hold": N_("antithrombotic hold time"),
    "antithrombotic_combination": N_("antithrombotics combined"),
    "ommaya_antithrombotic": N_("antithrombotic with an Ommaya dose"),
    "ommaya_infection": N_("Ommaya infection signs"),
    "ommaya_none": N_("no Ommaya reservoir on record"),
    "no_ommaya": N_("no Ommaya reservoir on record"),
    "csf_flow": N_("CSF flow"),
    "ae_grade3": N_("adverse event of grade 3 or more"),
    "interval": N_("interval between IT doses"),
    "interval_min": N_("minimum interval between IT doses"),
    "interval_week": N_("IT doses in 7 days"),
    "one_it_drug": N_("one IT drug per session"),
    "pemetrexed_folic_acid": N_("folic acid before pemetrexed"),
    "pemetrexed_b12": N_("vitamin B12 before pemetrexed"),
    "route_mismatch": N_("route differs from the course"),
    "verification": N_("second-clinician verification"),
    "verifier_gives": N_("verifier gives the dose"),
    "cumulative": N_("cumulative dose"),
}


def rule_label(code: str) -> str:
    """The English words of a rule code (mark for translation; an unknown code as it is)."""
    return RULE_LABELS.get(code, code)


def rules_text(codes: str | tuple[str, ...] | list[str]) -> str:
    """Rule codes (a tuple, or as stored: "a, b") in the reader's language, each once."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",")]
    unique = [c for c in dict.fromkeys(codes) if c and c != "-"]
    words = [_(RULE_LABELS[c]) if c in RULE_LABELS else c for c in unique]
    cjk = any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w)
    return ("、" if cjk else ", ").join(words)


#: Rules whose stop means "enter the missing or stale labs" (worklist: needs labs).
LAB_RULES = frozenset({"labs_missing", "labs_stale"})
#: Rules whose stop means "a second clinician must verify first".
VERIFY_RULES = frozenset({"verification"})


class GateFinding(BaseModel):
    """``overridable`` False: no reason lifts this stop (e.g. no second-clinician check)."""

    model_config = ConfigDict(frozen=True)

    level: GateLevel
    rule: str
    message: str
    sources: tuple[str, ...] = ()
    overridable: bool = True

    @property
    def source(self) -> str:
        return ", ".join(self.sources)

    def line(self) -> str:
        """``[STOP] message [R200, R205]`` in the reader's language."""
        cite = f" [{self.source}]" if self.sources else ""
        return f"[{_(GATE_LEVEL_LABELS[self.level])}] {self.message}{cite}"

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
            "source": self.source,
            "sources": list(self.sources),
            "overridable": self.overridable,
        }


def passed(rule: str, message: str, sources: tuple[str, ...] = ()) -> GateFinding:
    return GateFinding(level="pass", rule=rule, message=message, sources=sources)


def warned(rule: str, message: str, sources: tuple[str, ...] = ()) -> GateFinding:
    return GateFinding(level="warn", rule=rule, message=message, sources=sources)


def stopped(
    rule: str, message: str, sources: tuple[str, ...] = (), overridable: bool = True
) -> GateFinding:
    return GateFinding(
        level="stop", rule=rule, message=message, sources=sources, overridable=overridable
    )
