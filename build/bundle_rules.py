"""What goes into the standalone bundle and what is left out, in one place.

The spec (``build/lmdesk.spec``) applies these rules; ``tests/packaging`` checks them without
running PyInstaller. Paths are written with ``/`` and compared after turning ``\\`` into
``/``, so the same rules serve Linux and Windows builds.

Slimming keeps what lmdesk uses: QtCore/Gui/Widgets/PrintSupport/Svg, QtOpenGL and
QtOpenGLWidgets (pyqtgraph imports them unconditionally; the bundle crashes without them),
the xcb/offscreen/Windows platforms, and the ibus/compose input contexts (Chinese input).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

APP_NAME = "lmdesk"

# Python modules never needed at run time (developer tools, other GUI toolkits, Qt modules
# lmdesk does not import). Excluding them keeps PyInstaller from pulling their libraries.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "lmdesk.devtools",
    "babel",
    "fontTools",  # lmdesk/devtools/subset_bold_font.py only: the font ships ready-made
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "IPython",
    "matplotlib",
    "PyInstaller",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtSql",
    "PySide6.QtDBus",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
)

# Qt modules that must stay whatever else is trimmed.
REQUIRED_QT_MODULES: tuple[str, ...] = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
)

# Whole Qt plugin folders lmdesk never loads.
DROPPED_PLUGIN_DIRS: tuple[str, ...] = (
    "designer",
    "egldeviceintegrations",
    "generic",
    "networkinformation",
    "qmltooling",
    "sqldrivers",
    "tls",
    "vectorimageformats",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
)

# Single plugins to drop, by file-name stem without a ``lib`` prefix (Linux) or ``.dll``.
DROPPED_PLUGINS: tuple[str, ...] = (
    # platforms: keep xcb, offscreen, minimal (Linux) and windows
    "qwayland",
    "qwayland-egl",
    "qwayland-generic",
    "qeglfs",
    "qminimalegl",
    "qlinuxfb",
    "qvnc",
    "qvkkhrdisplay",
    # input: the virtual keyboard pulls QML; ibus and compose stay for Chinese input
    "qtvirtualkeyboardplugin",
    # themes: the GTK theme pulls GTK; Qt's own Fusion style is used instead
    "qgtk3",
    # images: lmdesk reads only PNG, ICO and SVG
    "qpdf",
    "qtiff",
    "qwebp",
    "qtga",
    "qwbmp",
    "qicns",
)

# Plugins that must always be present on Linux (checked by the tests and by build.py).
REQUIRED_LINUX_PLUGINS: tuple[str, ...] = (
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "platforminputcontexts/libibusplatforminputcontextplugin.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
)

# Shared libraries only the dropped plugins and modules need (name prefixes).
DROPPED_LIBRARY_PREFIXES: tuple[str, ...] = (
    "Qt6Network",
    "Qt6Qml",
    "Qt6Quick",
    "Qt6VirtualKeyboard",
    "Qt6Wayland",
    "Qt6WlShellIntegration",
    "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport",
    "Qt6Pdf",
    "Qt6Lottie",
    "Qt6LabsAnimation",
    "Qt6Designer",
    "Qt6Help",
    "Qt6Sql",
    "Qt6UiTools",
    "libwayland-",
    # the GTK stack PyInstaller pulls in for the GTK theme plugin (Linux); nothing else needs it
    "libgtk-3",
    "libgdk-3",
    "libatk-1.0",
    "libcairo",
    "libpango",
    "libgdk_pixbuf",
    "libpixman-1",
    "libthai",
    "libdatrie",
    "libfribidi",
    "libgraphite2",
    "libharfbuzz",
    "libgio-2.0",
    "libgmodule-2.0",
    "libgobject-2.0",
    "libmount",
    "libblkid",
    "libselinux",
    "libjpeg",
    "libXext",
    "libXrender",
)

# Libraries that must never be dropped (pyqtgraph needs OpenGL; the xcb platform needs XcbQpa;
# QtGui links DBus on Linux).
PROTECTED_LIBRARY_PREFIXES: tuple[str, ...] = (
    "Qt6OpenGL",
    "Qt6OpenGLWidgets",
    "Qt6Core",
    "Qt6Gui",
    "Qt6Widgets",
    "Qt6DBus",
    "Qt6XcbQpa",
    "Qt6Svg",
    "Qt6PrintSupport",
)

# Qt's own translations: only the languages lmdesk offers (English needs none).
KEPT_QT_TRANSLATION_LANGUAGES: tuple[str, ...] = ("zh_CN",)
KEPT_QT_TRANSLATION_CATALOGS: tuple[str, ...] = ("qt", "qtbase")


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source, destination folder) pairs, keeping the package layout of the source tree.

    ``lmdesk/resources`` lands in ``lmdesk/resources`` and ``data/lm.sqlite`` in ``data``, both
    relative to the bundle's content folder, so ``lmdesk.paths`` resolves them unchanged.
    """
    pairs: list[tuple[str, str]] = []
    resources = root / "lmdesk" / "resources"
    for path in sorted(resources.rglob("*")):
        if path.is_file() and not _is_build_litter(path):
            dest = PurePosixPath("lmdesk", "resources", *path.parent.relative_to(resources).parts)
            pairs.append((str(path), str(dest)))
    pairs.append((str(root / "data" / "lm.sqlite"), "data"))
    return pairs


def _is_build_litter(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix in {".pyc", ".po~"}


def _norm(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def _stem(name: str) -> str:
    """``libqxcb.so`` -> ``qxcb``; ``qwindows.dll`` -> ``qwindows``."""
    base = name.split(".")[0]
    return base[3:] if base.startswith("lib") else base


def _library_name(name: str) -> str:
    """``libQt6Gui.so.6`` -> ``Qt6Gui.so.6``; ``Qt6Gui.dll`` unchanged; other libs unchanged."""
    return name[3:] if name.startswith("libQt6") else name


def is_protected(dest: str) -> bool:
    name = _library_name(_norm(dest).name)
    return any(name.split(".")[0] == p for p in PROTECTED_LIBRARY_PREFIXES)


def is_unwanted(dest: str) -> bool:
    """True when the bundle entry at ``dest`` (relative to the content folder) can go."""
    path = _norm(dest)
    parts = path.parts
    if is_protected(dest):
        return False
    if "plugins" in parts:
        after = parts[parts.index("plugins") + 1 :]
        if after and after[0] in DROPPED_PLUGIN_DIRS:
            return True
        if len(after) == 2 and _stem(after[1]) in DROPPED_PLUGINS:
            return True
    if "translations" in parts and path.suffix == ".qm":
        return not _is_kept_qt_translation(path.name)
    name = _library_name(path.name)
    return any(name.startswith(prefix) for prefix in DROPPED_LIBRARY_PREFIXES)


def _is_kept_qt_translation(name: str) -> bool:
    stem = name.removesuffix(".qm")
    for catalog in KEPT_QT_TRANSLATION_CATALOGS:
        for language in KEPT_QT_TRANSLATION_LANGUAGES:
            if stem in (f"{catalog}_{language}", f"{catalog}_{language.split('_')[0]}"):
                return True
    return False


def slim(entries: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Split PyInstaller TOC entries ``(dest, source, kind)`` into kept ones and dropped names."""
    kept: list[tuple[str, str, str]] = []
    dropped: list[str] = []
    for entry in entries:
        if is_unwanted(entry[0]):
            dropped.append(entry[0])
        else:
            kept.append(entry)
    return kept, dropped
