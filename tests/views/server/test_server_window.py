"""The main window on the ward server: sign-in is connecting as that person, a lock and a
change of user move the connection, the banner says when the server cannot be reached (a save
is refused with a message, not a traceback) and goes once it is back; a reference-data version
other than the ward database's is named before this workstation writes."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from view_staff import PASSWORD

from lmdesk.app_context import AppContext
from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.clock import FixedClock
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings
from lmdesk.store.server.connect import connect_raw
from lmdesk.store.server.errors import ServerUnreachableError
from lmdesk.store.server.ward_db import ServerPatientDB
from lmdesk.views.app import GuiController
from lmdesk.views.crash_handler import CrashReporter

GENERIC = "Sign-in failed: unknown login name or wrong password."


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql://127.0.0.1:{port}/lmdesk"


@pytest.fixture
def workstation(
    ward_url: str, ward_staff, app_paths: AppPaths, clock: FixedClock
) -> Iterator[AppContext]:
    ctx = AppContext(paths=app_paths, settings=Settings(), language="en", clock=clock,
                     server_url=ward_url.replace("postgres@", ""))  # fmt: skip
    yield ctx
    ctx.close()


@pytest.fixture
def window(qtbot, workstation: AppContext) -> Iterator[GuiController]:
    controller = GuiController(workstation, QApplication.instance())
    qtbot.addWidget(controller.window)
    controller.cover()
    controller.start_session()
    yield controller
    assert controller.live is not None
    controller.live.stop()


def sign_in(qtbot, controller: GuiController, login: str, password: str = PASSWORD) -> None:
    assert controller.session is not None
    form = controller.session.sign_in_form
    form.login.clear()
    qtbot.keyClicks(form.login, login)
    qtbot.keyClicks(form.password, password)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)


def session_user(ctx: AppContext) -> str:
    return str(ctx.patients.conn.execute("SELECT session_user").fetchone()[0])


def test_signing_in_is_connecting_as_that_person(qtbot, window, workstation) -> None:
    assert window.session is not None and window.session.locked
    assert not workstation.patients_opened()  # nobody's connection before a sign-in
    sign_in(qtbot, window, "nurse.li", "not her password")
    assert window.session.sign_in_form.error.text() == GENERIC
    assert not workstation.patients_opened() and workstation.signed_in is None
    sign_in(qtbot, window, "nurse.li")
    assert workstation.signed_in is not None and workstation.signed_in.login == "nurse.li"
    assert session_user(workstation) == "nurse.li"
    assert "Patient database: postgresql://" in window.window.db_label.text()
    assert window.live is not None
    qtbot.waitUntil(lambda: window.live.up is True, timeout=5000)
    assert window.auto_backup is None and window.integrity_watch is None


def test_a_lock_and_another_user_move_the_connection(qtbot, window, workstation) -> None:
    sign_in(qtbot, window, "nurse.li")
    first = workstation.patients.server_conn.raw  # type: ignore[attr-defined]
    window.window.open_view("courses")
    assert window.session is not None
    window.session.lock()
    sign_in(qtbot, window, "dr.chen")
    assert workstation.signed_in is not None and workstation.signed_in.login == "dr.chen"
    assert session_user(workstation) == "dr.chen" and first.closed
    assert workstation.server_login is not None and workstation.server_login[0] == "dr.chen"
    listener = window.live.listener if window.live else None
    assert listener is not None
    qtbot.waitUntil(lambda: listener.up is True, timeout=5000)


def test_an_unreachable_server_at_sign_in_says_so(qtbot, window, workstation) -> None:
    workstation.server_url = closed_port_url()
    sign_in(qtbot, window, "nurse.li")
    assert window.session is not None
    assert "cannot be reached" in window.session.sign_in_form.error.text()
    assert workstation.signed_in is None and workstation.server_login is None


def test_a_lost_server_shows_the_banner_refuses_a_save_and_comes_back(
    qtbot, window, workstation, ward_url, station, monkeypatch
) -> None:
    doctor = station("dr.chen")
    demo.add_patient(doctor)
    demo.add_course(doctor)
    sign_in(qtbot, window, "dr.wang")
    assert window.live is not None and window.link is not None
    qtbot.waitUntil(lambda: window.live.up is True, timeout=5000)
    courses = window.window.open_view("courses")
    banner = window.link.banner
    assert not banner.showing_down
    courses.select_session(1)
    pdb = workstation.patients
    assert isinstance(pdb, ServerPatientDB)
    reachable = pdb.url
    pdb.url = closed_port_url()  # the network is gone: no reconnect can reach it
    with connect_raw(ward_url, None, None) as owner:
        owner.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    qtbot.waitUntil(lambda: banner.showing_down, timeout=5000)
    assert "cannot be reached" in banner.text.text()
    assert banner.down.isVisibleTo(window.window)
    assert courses.isEnabled()  # the screen stays readable
    warned: list[str] = []
    monkeypatch.setattr(courses._asker, "text", lambda title, label: "ward round moved")
    monkeypatch.setattr("lmdesk.views.courses.course_view.QMessageBox.warning",
                        lambda parent, title, text: warned.append(text))  # fmt: skip
    courses.hold()
    assert warned and "cannot be reached" in warned[0] and "Nothing was saved" in warned[0]
    pdb.url = reachable
    qtbot.mouseClick(banner.reconnect, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.showing_down, timeout=10000)
    courses.select_session(1)
    courses.hold()
    assert len(warned) == 1
    assert courses.course is not None and courses.course.session(1).status == "held"


def test_a_server_fault_outside_the_screens_is_a_message_not_a_crash(monkeypatch) -> None:
    reporter = CrashReporter(None)
    crashed: list[str] = []
    faults: list[object] = []
    reporter.crashed.connect(crashed.append)
    reporter.server_fault.connect(faults.append)
    said: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda parent, title, text: said.append(text))  # fmt: skip
    error = ServerUnreachableError("ward:5432", "connection refused")
    reporter._excepthook(ServerUnreachableError, error, None)
    QApplication.processEvents()
    assert not crashed and faults == [error] and said == [str(error)]


def test_another_reference_version_is_named_until_this_workstation_writes(
    qtbot, window, workstation, station
) -> None:
    doctor = station("dr.chen")
    demo.add_patient(doctor)
    demo.add_course(doctor)
    doctor.patients.record_reference("1999.1")  # type: ignore[attr-defined]
    ours = workstation.reference.content_version
    sign_in(qtbot, window, "dr.wang")
    assert window.link is not None
    notice = window.link.banner.reference
    assert not notice.isHidden()
    assert ours in notice.text() and "1999.1" in notice.text()
    assert window.live is not None
    qtbot.waitUntil(lambda: window.live.up is True, timeout=5000)  # listening: writes are heard
    demo.add_labs(workstation)  # this workstation's first write
    pdb = workstation.patients
    written = pdb.reference_written_with  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: written() == ours, timeout=5000)


def test_the_start_path_opens_nothing_before_a_sign_in(qtbot, workstation) -> None:
    """run_gui's start on the server: no patient database opened before a sign-in, the lock
    screen up, and none of a SQLite file's chores."""
    from lmdesk.views.app import finish_start

    controller = GuiController(workstation, QApplication.instance(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.window.show()
    finish_start(controller)
    qtbot.waitUntil(lambda: controller.session is not None, timeout=5000)
    assert controller.session is not None and controller.session.locked
    assert not workstation.patients_opened()
    assert controller.auto_backup is None and controller.integrity_watch is None
    sign_in(qtbot, controller, "nurse.li")
    assert session_user(workstation) == "nurse.li"
    assert controller.live is not None
    qtbot.waitUntil(lambda: controller.live.up is True, timeout=5000)
    controller.live.stop()
