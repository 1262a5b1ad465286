"""Build every registered view offscreen and exercise it (part of ``lmdesk selftest``)."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable

from lmdesk.app_context import AppContext
from lmdesk.i18n import LANGUAGES, _, current_language, set_language


def sign_in_selftest_user(ctx: AppContext) -> None:
    """Sign in a throw-away user holding every role in the selftest's own scratch database
    (``lmdesk.selftest.scratch_context``): the views check rights as they would for anyone.

    Its password is random and forgotten at once; nobody can sign in as it.
    """
    import secrets
    from datetime import timedelta

    from lmdesk.models.users.roles import ROLE_ORDER
    from lmdesk.models.users.user import User
    from lmdesk.store.users_repo import UsersRepository

    repo = UsersRepository(ctx.patients)
    if repo.has_users():
        raise RuntimeError("the view selftest runs on its own empty scratch database only")
    user = User(
        login="selftest",
        name_en="Selftest",
        name_zh="自检",
        roles=frozenset(ROLE_ORDER),
        register_until=ctx.clock.today() + timedelta(days=1),
    )
    ctx.sign_in(repo.add(user, secrets.token_urlsafe(32), None))


def run_view_selftest(ctx: AppContext, report: Callable[[str], None]) -> bool:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lmdesk.printing.fonts import chinese_families
    from lmdesk.views.app import GuiController, ensure_application

    app = ensure_application()
    ok = True
    if chinese_families():
        report("ok    fonts: " + _("Chinese font available"))
    else:
        ok = False
        report("FAIL  fonts: " + _("no font for Simplified Chinese"))
    original = current_language()
    view_name = _("view {key} [{language}]")  # the report stays in the reader's language
    sign_in_selftest_user(ctx)
    controller = GuiController(ctx, app)
    window = controller.window
    try:
        for language in LANGUAGES:
            controller.switch_language(language)
            for spec in window.specs:
                name = view_name.format(key=spec.key, language=language)
                try:
                    widget = window.open_view(spec.key)
                    app.processEvents()
                    spec.exercise(widget)
                    app.processEvents()
                    report(f"ok    {name}")
                except Exception as exc:
                    ok = False
                    report(f"FAIL  {name}: {exc}")
                    report(traceback.format_exc())
        if not window.specs:
            report("ok    shell: main window built (no views registered yet)")
    finally:
        set_language(original)
        window.close()
        window.deleteLater()
        app.processEvents()
    return ok
