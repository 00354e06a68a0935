"""Shared fixtures: the thorough (valid, every feature) and slushy (known errors) files."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def thorough_path() -> Path:
    return DATA / "thorough.yaml"


@pytest.fixture(scope="session")
def slushy_path() -> Path:
    return DATA / "slushy.yaml"


@pytest.fixture(scope="session")
def thorough(thorough_path):
    import mechkg

    return mechkg.load([thorough_path])


@pytest.fixture(scope="session")
def lr3():
    import mechkg

    return mechkg.load()
