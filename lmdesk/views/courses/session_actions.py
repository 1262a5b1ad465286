"""The Courses screen's session actions: the give/hold/cancel/delay/reduce/verify/stop buttons
and "Correct last mark…", their labels, keys and rights, and what each does.

Apart from ``course_view`` so the screen keeps choosing and showing a course while this holds
how a change is asked for and applied. Every change goes through ``models.course_actions``
(the rules) and ``CourseRepository.apply`` (one transaction with its audit row); the actions
only ask and hand the stored course back to the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, current_language
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling import course_actions as actions
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.gate import give_checked, meaningful_text
from lmdesk.models.scheduling.mark_correction import last_mark
from lmdesk.models.scheduling.protocol import DrugNames
from lmdesk.models.users.rights import Action, check, parties_of
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.overdose_repo import OverdoseRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.server.errors import ServerUnreachableError
from lmdesk.views.courses.action_dialogs import Asker
from lmdesk.views.courses.correct_mark import ask_correction
from lmdesk.views.courses.give_dialog import GateCheck
from lmdesk.views.courses.signing import CourseSigning
from lmdesk.views.users.rights_ui import show_right

#: The right each course button needs of the signed-in user. Verify and give are signed for
#: in their dialogs by whoever does them (a second person may sign on this screen).
BUTTON_RIGHTS: dict[str, Action] = {
    "hold": Action.CHANGE_COURSE,
    "cancel": Action.CHANGE_COURSE,
    "delay": Action.CHANGE_COURSE,
    "reduce": Action.CHANGE_COURSE,
    "stop": Action.CHANGE_COURSE,
}


class ShownCourse(Protocol):
    """What the actions need of the screen: the course it shows and its chosen session."""

    course: Course | None

    def selected_session(self) -> Session | None: ...

    def select_session(self, n: int) -> None: ...


class SessionActions:
    """The buttons (``buttons``, keyed give/hold/…) and ``correct_action`` of one Courses
    screen; ``show`` redraws the screen after a change, ``reload`` re-reads its course,
    ``refuses`` says (and shows) that the signed-in user lacks a right."""

    def __init__(
        self,
        screen: ShownCourse,
        parent: QWidget,
        ctx: AppContext,
        stores: SchedulerStores,
        bedside: BedsideStores,
        signing: CourseSigning,
        asker: Asker,
        drug_names: DrugNames,
        *,
        show: Callable[[], None],
        reload: Callable[[], None],
        refuses: Callable[[Action, Course | None], bool],
    ) -> None:
        self._screen = screen
        self._parent = parent
        self._ctx = ctx
        self._stores = stores
        self._bedside = bedside
        self._signing = signing
        self._asker = asker
        self._drug_names = drug_names
        self._show = show
        self._reload = reload
        self._refused = refuses
        # "Correct last mark…": a QAction the main window's Edit menu can list; the session
        # table offers it on right-click too (no shortcut: a correction is never a reflex)
        self.correct_action = QAction(parent)
        self.correct_action.setObjectName("correct_last_mark")
        self.correct_action.triggered.connect(self.correct_last_mark)
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("give", self.give),
            ("hold", self.hold),
            ("cancel", self.cancel),
            ("delay", self.delay),
            ("reduce", self.reduce),
            ("verify", self.verify),
            ("stop", self.stop),
        ):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button

    def retranslate(self) -> None:
        labels = {
            "give": _("Given…"),
            "hold": _("Hold…"),
            "cancel": _("Cancel session…"),
            "delay": _("Delay…"),
            "reduce": _("Reduce dose…"),
            "verify": _("Verify (second clinician)…"),
            "stop": _("Stop course…"),
        }
        for key, text in labels.items():
            self.buttons[key].setText(text)
        self.correct_action.setText(_("Correct last mark…"))
        for key, sequence in (
            ("give", "Ctrl+G"),
            ("hold", "Ctrl+H"),
            ("delay", "Ctrl+D"),
            ("verify", "Ctrl+Shift+V"),
        ):
            self.buttons[key].setShortcut(QKeySequence(sequence))
            self.buttons[key].setToolTip(sequence)

    def show_rights(self, active: bool) -> None:
        """Grey out what the signed-in user may not do (the tooltip naming the missing right)
        and everything while no active course is ``active``."""
        c = self._screen.course
        for key, button in self.buttons.items():
            action = BUTTON_RIGHTS.get(key)
            if action is None:
                button.setEnabled(active)
                button.setToolTip(button.shortcut().toString())
            else:
                show_right(button, self._ctx, action, usable=active)
        self.correct_action.setEnabled(active and c is not None and last_mark(c) is not None)

    def _apply(
        self, make: Callable[[Course], actions.ActionResult], right: Action | None = None
    ) -> None:
        if self._screen.course is None:
            return
        if right is not None and self._refused(right, self._screen.course):
            return
        keep = self._screen.selected_session()
        try:
            self._screen.course = self._stores.courses.apply(
                self._screen.course, make(self._screen.course)
            )
        except LmdeskError as err:
            QMessageBox.warning(self._parent, _("Not changed"), str(err))
            self._reload_after_refusal()
            return
        self._show()
        if keep is not None:
            self._screen.select_session(keep.n)

    def _reload_after_refusal(self) -> None:
        """Show what is stored after a refused change; with the ward server gone the screen
        keeps what it showed (the banner says so; the refusal was just shown)."""
        with suppress(ServerUnreachableError):
            self._reload()

    def _need_session(self) -> Session | None:
        s = self._screen.selected_session()
        if s is None:
            QMessageBox.information(
                self._parent, _("Choose a session"), _("Select a session in the list first.")
            )
        return s

    def gate_check(self, course: Course, n: int) -> GateCheck:
        """The pre-dose gate for session ``n`` of ``course``, for the give dialog to run."""
        return self._signing.gate_check(course, n)

    def give(self) -> None:
        """Ask through the give dialog (it shows the gate), then give through the gate
        exactly as ``lmdesk course give`` does; a refusal is shown and nothing is saved."""
        s = self._need_session()
        course = self._screen.course
        if s is None or course is None:
            return
        now = self._ctx.clock.now()
        names = self._drug_names.get(s.drug)
        drug_name = (names[1] if current_language() == "zh_CN" else names[0]) if names else s.drug
        answer = self._asker.give(
            s,
            now,
            self._signing.default_login(Action.GIVE, course),
            self.gate_check(course, s.n),
            overdose_card=OverdoseRepository(self._ctx.reference).card(s.drug),
            drug_name=drug_name,
            authorize=self._signing.giver(course),
        )
        if answer is None:
            return
        giver = answer.signed_by
        if giver is None:
            self._asker.warn(
                _("Not given"), _("Who gives must sign with their login name and password.")
            )
            return
        try:
            check(Action.GIVE, giver, now.date(), context=parties_of(course))
            if meaningful_text(answer.override_reason):
                check(Action.OVERRIDE_GATE, giver, now.date())
            inp = self._bedside.gate_input(
                course,
                s.n,
                at=answer.at,
                route=answer.route,
                dose_mg=answer.dose_mg,
                given_by=giver.display_name,
            )
            action, _result = give_checked(
                inp,
                now=now,
                limits=self._stores.protocols.limits(),
                override_reason=answer.override_reason,
                batch=answer.batch,
                dose_reason=answer.dose_reason,
            )
            with self._signing.acting(giver):
                self._screen.course = self._stores.courses.apply(course, action)
        except LmdeskError as err:
            self._asker.warn(_("Not given"), str(err))
            self._reload_after_refusal()
            return
        self._show()
        self._screen.select_session(s.n)

    def hold(self) -> None:
        s = self._need_session()
        why = self._asker.text(_("Hold session"), _("Reason for holding:")) if s else None
        if s and why is not None:
            now = self._ctx.clock.now()  # when the hold is recorded: a correction counts from it
            self._apply(lambda c: actions.hold(c, s.n, why, at=now), Action.CHANGE_COURSE)

    def cancel(self) -> None:
        s = self._need_session()
        why = self._asker.text(_("Cancel session"), _("Reason for cancelling:")) if s else None
        if s and why is not None:
            self._apply(lambda c: actions.cancel(c, s.n, why), Action.CHANGE_COURSE)

    def delay(self) -> None:
        s = self._need_session()
        answer = self._asker.delay(s) if s else None
        if s and answer:
            shown = self._screen.course
            others = (
                self._stores.courses.other_it_dates(shown.patient_mrn, shown.id)
                if shown
                else frozenset()
            )
            self._apply(
                lambda c: actions.delay(c, s.n, answer[0], answer[1], others),
                Action.CHANGE_COURSE,
            )

    def reduce(self) -> None:
        s = self._need_session()
        answer = self._asker.dose(s) if s else None
        if s and answer:
            self._apply(
                lambda c: actions.reduce_from(c, s.n, answer[0], answer[1]), Action.CHANGE_COURSE
            )

    def verify(self) -> None:
        """The verifier (a pharmacist or a second registered clinician, never the planner)
        signs on this screen with their login name and password; the audit names them."""
        course = self._screen.course
        if course is None:
            return
        what = _(
            "Verification of this course by a pharmacist or a second clinician on the IT "
            "register (not {planner}, who planned it): sign with your login name and password."
        ).format(planner=course.planned_by or "?")
        who = self._asker.verify(
            what,
            self._signing.signer(Action.VERIFY, course),
            self._signing.default_login(Action.VERIFY, course),
        )
        if who is None:
            return
        with self._signing.acting(who):
            self._apply(lambda c: actions.verify(c, who.display_name, self._ctx.clock.now()))

    def correct_last_mark(self) -> None:
        """Take back the course's last given/held mark with a reason (audited, shown in the
        history and kept on the session); the rule says which mark, until when and by whom."""
        if self._screen.course is None:
            return
        now = self._ctx.clock.now()
        make = ask_correction(self._screen.course, self._ctx.signed_in, now, self._asker)
        if make is not None:
            self._apply(make)

    def stop(self) -> None:
        course = self._screen.course
        if course is None or self._refused(Action.CHANGE_COURSE, course):
            return
        why = self._asker.text(_("Stop course"), _("Reason for stopping the course:"))
        if why is not None:
            self._apply(
                lambda c: actions.stop(c, why, self._ctx.clock.now(), self._ctx.user_label),
                Action.CHANGE_COURSE,
            )
