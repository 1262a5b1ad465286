"""How an IT dose is made up (diluent and volume), as far as the reference sources say.

Only the agents of an institutional protocol with a stated diluent and volume are listed
(regimens_pk.md §A.0-§A.4). For every other agent the sheet says "not confirmed" and
leaves a line for the prescriber to write the institution's preparation.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_


class Preparation(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str  # marked with N_(), translated by the sheet
    sources: tuple[str, ...]


_QS_6_ML = Preparation(
    text=N_("Make up to 6 mL with preservative-free 0.9% sodium chloride."),
    sources=("R40", "R41"),
)

#: BC Cancer MOIT: MTX 12 mg, thiotepa 12 mg, cytarabine 50 mg each "qs to 6 mL PF NS"
#: [R40][R41]; liposomal cytarabine is one single-use 5 mL vial, no mixing [R11][R12].
PREPARATIONS: dict[str, Preparation] = {
    "methotrexate": _QS_6_ML,
    "cytarabine": _QS_6_ML,
    "thiotepa": _QS_6_ML,
    "liposomal-cytarabine": Preparation(
        text=N_(
            "One single-use 5 mL vial (50 mg); do not dilute or mix with other drugs; "
            "use within 4 hours of withdrawal."
        ),
        sources=("R11", "R12"),
    ),
}

NOT_CONFIRMED = N_(
    "Not confirmed by the sources. Write the institution's preparation here: ____________________"
)

#: Preservative-free only: preserved (benzyl alcohol) MTX and cytarabine labels forbid IT use.
PRESERVATIVE_FREE = N_(
    "PRESERVATIVE-FREE formulation and diluent only. Products with benzyl alcohol or other "
    "preservatives must never be given intrathecally."
)
PRESERVATIVE_FREE_SOURCES: tuple[str, ...] = ("R60", "R61")


def preparation_for(drug: str) -> Preparation | None:
    return PREPARATIONS.get(drug)
