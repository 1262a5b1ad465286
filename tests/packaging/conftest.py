"""Fixtures for the packaging tests: build/ scripts loaded as modules (PyInstaller never runs).

The folder is not called tests/build: pytest skips folders named "build" by default."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = ROOT / "build"


def load_build_module(name: str) -> ModuleType:
    """Import ``build/<name>.py`` under a private module name."""
    key = f"lmdesk_build_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, BUILD_DIR / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rules() -> ModuleType:
    return load_build_module("bundle_rules")


@pytest.fixture(scope="session")
def build_script() -> ModuleType:
    return load_build_module("build")
