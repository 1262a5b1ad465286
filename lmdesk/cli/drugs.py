"""``lmdesk drugs [QUERY]`` and ``lmdesk drug ID``: the drug cards, headless."""

from __future__ import annotations

import argparse
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.card import DrugCard
from lmdesk.models.drugs.labels import (
    CONTENT_STATUS_LABELS,
    FATAL_BANNER,
    NOT_CONFIRMED,
    PHASE_LABELS,
    SAMPLING_LABELS,
    SPECIES_LABELS,
    STATUS_SHORT,
    route_label,
    section_title,
    status_label,
)
from lmdesk.models.drugs.name_index import DrugCatalog
from lmdesk.models.drugs.overdose import cite
from lmdesk.models.errors import BadInputError
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.overdose_repo import OverdoseRepository


def register(sub: Any) -> None:
    p = sub.add_parser("drugs", help=_("list drug cards matching a name (any language)"))
    p.add_argument("query", nargs="?", default="", help=_("any name, brand or abbreviation"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_drugs)

    p = sub.add_parser("drug", help=_("show one drug card in full"))
    p.add_argument("id", help=_("card id or any name of the drug"))
    p.add_argument(
        "overdose_of",
        nargs="?",
        metavar="DRUG",
        help=_("with 'drug overdose DRUG': what to do after an intrathecal overdose"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_drug)


def _catalog(ctx: AppContext) -> DrugCatalog:
    return DrugRepository(ctx.reference).catalog()


def summary(card: DrugCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "name_en": card.name_en,
        "name_zh": card.name_zh,
        "aliases": list(card.aliases),
        "drug_class": card.drug_class,
        "it_status": card.it_status,
    }


def cmd_drugs(args: argparse.Namespace, ctx: AppContext) -> int:
    cards = _catalog(ctx).search(args.query)
    if args.json:
        emit_json([summary(c) for c in cards])
        return 0
    if not cards:
        emit(_("No drug card matches {query!r}.").format(query=args.query))
        return 0
    lang = current_language()
    rows = [
        [c.id, c.name(lang), c.class_label.get(lang), _(STATUS_SHORT[c.it_status])] for c in cards
    ]
    emit(table(rows, [_("id"), _("name"), _("class"), _("status")]))
    return 0


def find_card(catalog: DrugCatalog, key: str) -> DrugCard:
    """Card by id or any name; unknown -> BadInputError suggesting the closest names."""
    card = catalog.get(key) or catalog.resolve(key)
    if card is not None:
        return card
    near = catalog.closest_names(key)
    hint = (
        _("Did you mean: {names}?").format(names=", ".join(near))
        if near
        else _("See 'lmdesk drugs' for the list.")
    )
    raise BadInputError(_("No drug card {key!r}. {hint}").format(key=key, hint=hint))


def cmd_overdose(args: argparse.Namespace, ctx: AppContext) -> int:
    drug = find_card(_catalog(ctx), args.overdose_of)
    card = OverdoseRepository(ctx.reference).card(drug.id)
    if card is None:
        raise BadInputError(_("No overdose card for {drug}.").format(drug=drug.name_en))
    if args.json:
        emit_json(card.model_dump(mode="json"))
        return 0
    lang = current_language()
    lines = [card.title.get(lang), card.summary.get(lang), ""]
    lines.append(f"{card.never.get(lang)} {cite(card.never_source)}")
    lines += ["", _("What to do")]
    for n, step in enumerate(card.steps, start=1):
        lines.append(f"{n}. {step.text.get(lang)} {cite(step.source)}{_mark(step.confirmed)}")
    lines += ["", _("Dose bands")]
    lines += [f"- {b.text.get(lang)} {cite(b.source)}" for b in card.bands]
    emit("\n".join(lines))
    return 0


def cmd_drug(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.overdose_of is not None:
        if args.id.strip().casefold() != "overdose":
            raise BadInputError(_("Use 'drug overdose DRUG' for an overdose card."))
        return cmd_overdose(args, ctx)
    card = find_card(_catalog(ctx), args.id)
    if args.json:
        emit_json(card.model_dump(mode="json"))
        return 0
    emit(render_text(card, current_language()))
    return 0


def _mark(confirmed: bool) -> str:
    return "" if confirmed else f" [{_(NOT_CONFIRMED)}]"


def _cite(keys: tuple[str, ...]) -> str:
    return "".join(f"[{k}]" for k in keys)


def render_text(card: DrugCard, lang: str) -> str:
    """Plain-text card for terminals and scripts (the GUI renders its own HTML)."""
    out: list[str] = []
    if card.it_status == "never":
        out += ["!" * 60, FATAL_BANNER, "!" * 60]
    out.append(f"{card.name_en} / {card.name_zh}  ({card.id})")
    out.append(f"{card.class_label.get(lang)} · {status_label(card.it_status)}")
    if card.aliases:
        out.append(_("Also called: {names}").format(names=", ".join(card.aliases)))
    if card.status_note:
        out.append(f"{card.status_note.text.get(lang)} {_cite(card.status_note.source)}")

    def block(key: str, lines: list[str]) -> None:
        if lines:
            out.append("")
            out.append(f"== {section_title(key)} ==")
            out.extend(lines)

    block("warnings", [f"- {w.text.get(lang)} {_cite(w.source)}" for w in card.warnings])
    block("formulation", [f"- {f.text.get(lang)} {_cite(f.source)}" for f in card.formulation])
    block(
        "doses",
        [
            f"- {d.dose_text()} · {route_label(d.route)} · {d.schedule.get(lang)} "
            f"({d.study.get(lang)}) {_cite(d.source)}{_mark(d.confirmed)}"
            for d in card.doses
        ],
    )
    block(
        "co_medications", [f"- {c.text.get(lang)} {_cite(c.source)}" for c in card.co_medications]
    )
    pk = card.csf_pk
    pk_lines = []
    if pk.molecular_weight:
        pk_lines.append(
            _("Molecular weight: {value}").format(value=pk.molecular_weight.display())
            + f" {_cite(pk.molecular_weight.source)}"
        )
    for h in pk.half_lives:
        pk_lines.append(
            _("CSF half-life: {value}, {phase}, {site}, {species} ({context})").format(
                value=h.display(),
                phase=_(PHASE_LABELS[h.phase]),
                site=_(SAMPLING_LABELS[h.sampling_site]),
                species=_(SPECIES_LABELS[h.species]),
                context=h.dose_route.get(lang),
            )
            + f" {_cite(h.source)}"
        )
    if pk.cytotoxic_threshold:
        pk_lines.append(
            _("Cytotoxic threshold: {value}").format(value=pk.cytotoxic_threshold.display())
            + f" {_cite(pk.cytotoxic_threshold.source)}"
        )
    for r in pk.csf_plasma_ratio_pct:
        pk_lines.append(_("CSF/plasma: {value}").format(value=r.display()) + f" {_cite(r.source)}")
    block("csf_pk", pk_lines)
    block(
        "evidence",
        [
            f"- {e.study.get(lang)}: {e.dose_schedule.get(lang)}"
            + "".join(
                f"; {label} {value:g}{unit}"
                for label, value, unit in (
                    ("n", e.n, ""),
                    ("ORR", e.orr_pct, "%"),
                    ("DCR", e.dcr_pct, "%"),
                    ("mPFS", e.mpfs_months, _(" mo")),
                    ("mOS", e.mos_months, _(" mo")),
                    (_("G≥3 AE"), e.grade3_ae_pct, "%"),
                )
                if value is not None
            )
            + f" {_cite(e.source)}{_mark(e.confirmed)}"
            for e in card.evidence
        ],
    )
    block(
        "adverse_events",
        [
            f"- {a.term.get(lang)}: {a.rate_text()}"
            + (f", {_('grade')} {a.grade.get(lang)}" if a.grade else "")
            + f" {_cite(a.source)}{_mark(a.confirmed)}"
            for a in card.adverse_events
        ],
    )
    block("monitoring", [f"- {m.text.get(lang)} {_cite(m.source)}" for m in card.monitoring])
    block(
        "contraindications",
        [f"- {c.text.get(lang)} {_cite(c.source)}" for c in card.contraindications],
    )
    block("not_confirmed", [f"- {t.get(lang)}" for t in card.not_confirmed])
    block(
        "references",
        [f"[{r.key}] {r.full_text()}" for r in card.references],
    )
    out.append("")
    out.append(
        _(
            "Reviewed on {date} ({status}). lmdesk supports, not replaces, clinical judgement."
        ).format(
            date=card.reviewed_on.isoformat(),
            status=_(CONTENT_STATUS_LABELS[card.content_status]),
        )
    )
    return "\n".join(out)
