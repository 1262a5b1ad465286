"""Start lmdesk's GUI from source, open every registered view once, then quit.

Used by ``bench_startup.py --memory`` to read the peak RSS of a session that has touched
every view. Patient data goes to ``LMDESK_HOME`` (the benchmark points it at a temp dir).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from lmdesk.app_context import AppContext
    from lmdesk.i18n import set_language
    from lmdesk.paths import AppPaths
    from lmdesk.settings import load_settings
    from lmdesk.views.app import GuiController, ensure_application

    paths = AppPaths.resolve()
    settings = load_settings(paths.settings_file)
    set_language("en")
    ctx = AppContext(paths=paths, settings=settings, language="en")
    app = ensure_application()
    controller = GuiController(ctx, app)
    window = controller.window
    window.show()
    for spec in window.specs:
        window.open_view(spec.key)
        app.processEvents()
    print(f"opened {len(window.specs)} views: {', '.join(s.key for s in window.specs)}")
    window.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
