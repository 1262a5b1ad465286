"""Beside the next dose on the Courses screen: the patient's latest labs and what the gate finds
missing or stale, antithrombotics with their last dose, grade >= 3 adverse events of the course,
and the pre-dose gate status of the selected session.

It shows what the view hands it (records and a ``GateResult``); every rule stays in the model.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.local_time import local_time_text
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.models.scheduling.course import Session
from lmdesk.models.scheduling.gate import GateResult
from lmdesk.models.scheduling.gate_finding import LAB_RULES
from lmdesk.models.scheduling.labs import LAB_TESTS, LabResult, latest
from lmdesk.views.courses.gate_findings import STOP_COLOUR, WARN_TEXT, status_html


@dataclass(frozen=True)
class BedsideFacts:
    """What the panel shows for one session; the view reads it from the stores."""

    session: Session | None = None
    result: GateResult | None = None
    labs: tuple[LabResult, ...] = ()
    medications: tuple[MedicationRecord, ...] = ()
    adverse_events: tuple[AdverseEvent, ...] = field(default_factory=tuple)
    #: CTCAE term -> (English, Chinese) name, from the reference (``BedsideStores``).
    ae_terms: dict[str, tuple[str, str]] = field(default_factory=dict)


def ae_term_text(term: str, names: dict[str, tuple[str, str]]) -> str:
    """The term's Chinese name on a Chinese screen; its English where no Chinese exists."""
    english, chinese = names.get(term, (term, ""))
    return chinese if current_language() == "zh_CN" and chinese else english


def _when(at: datetime) -> str:
    return html.escape(local_time_text(at))


class BedsidePanel(QWidget):
    """The "before the dose" panel; ``add_lab`` and ``add_med`` are its two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bedside_panel")
        self.facts = BedsideFacts()
        self.text = QLabel()
        self.text.setObjectName("bedside_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_lab = QPushButton()
        self.add_lab.setObjectName("add_lab")
        self.add_med = QPushButton()
        self.add_med.setObjectName("add_med")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_lab)
        buttons.addWidget(self.add_med)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.text, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_lab.setText(_("Add lab result…"))
        self.add_med.setText(_("Add antithrombotic…"))
        self.show_facts(self.facts)

    def show_facts(self, facts: BedsideFacts) -> None:
        self.facts = facts
        parts = [self._status(facts), self._aes(facts), self._labs(facts), self._meds(facts)]
        self.text.setText("".join(parts))

    def _status(self, facts: BedsideFacts) -> str:
        s = facts.session
        if s is None:
            return "<p>" + html.escape(_("No session to give.")) + "</p>"
        status = (
            status_html(facts.result)
            if facts.result is not None
            else html.escape(_("not due, no pre-dose check"))
        )
        head = _("Session {n} ({date}): {status}").format(
            n=s.n, date=s.date.isoformat(), status=status
        )
        return f"<p style='font-size:large'>{head}</p>"

    def _labs(self, facts: BedsideFacts) -> str:
        out = ["<p><b>" + html.escape(_("Latest labs")) + "</b></p><ul>"]
        shown = False
        for key in LAB_TESTS:
            r = latest(facts.labs, key)
            if r is None:
                continue
            shown = True
            out.append(
                "<li>" + html.escape(f"{r.label}: {r.std_text()}") + " — " + _when(r.at) + "</li>"
            )
        if not shown:
            out.append("<li>" + html.escape(_("none recorded")) + "</li>")
        out.append("</ul>")
        gaps = [f for f in (facts.result.findings if facts.result else ()) if f.rule in LAB_RULES]
        for f in gaps:
            colour = STOP_COLOUR if f.level == "stop" else WARN_TEXT
            out.append(f"<p style='color:{colour}'>{html.escape(f.message)}</p>")
        return "".join(out)

    def _meds(self, facts: BedsideFacts) -> str:
        out = ["<p><b>" + html.escape(_("Antithrombotics and supportive drugs")) + "</b></p><ul>"]
        meds = [m for m in facts.medications if m.status == "active"]
        for m in meds:
            dose = "" if m.dose_mg is None else f" {m.dose_mg:g} mg"
            line = _("{drug}{dose}, last dose {at}").format(drug=m.label, dose=dose, at="")
            out.append("<li>" + html.escape(line) + _when(m.last_dose_at) + "</li>")
        if not meds:
            out.append("<li>" + html.escape(_("none recorded")) + "</li>")
        out.append("</ul>")
        return "".join(out)

    def _aes(self, facts: BedsideFacts) -> str:
        events = [e for e in facts.adverse_events if e.grade >= 3 and e.status == "active"]
        out = ["<p><b>" + html.escape(_("Adverse events of grade 3 or higher")) + "</b></p><ul>"]
        for e in events:
            line = _("{term}: grade {grade}, onset {date}").format(
                term=ae_term_text(e.term, facts.ae_terms), grade=e.grade, date=e.onset.isoformat()
            )
            out.append(f"<li style='color:{STOP_COLOUR}'>" + html.escape(line) + "</li>")
        if not events:
            out.append("<li>" + html.escape(_("none")) + "</li>")
        out.append("</ul>")
        return "".join(out)
