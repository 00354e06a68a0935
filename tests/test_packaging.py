"""The installed layout: one ``mechkg`` package, nothing named ``graph``, ``cli`` or
``ontology`` at the top of site-packages."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = {"graph": "mechkg", "cli": "mechkg.cli", "ontology": "mechkg.ontology"}


def _setup_cfg() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "setup.cfg", encoding="utf-8")
    return cfg


def _listed(cfg: configparser.ConfigParser, key: str) -> list[str]:
    return [line.strip() for line in cfg["options"][key].splitlines() if line.strip()]


def test_every_package_folder_is_installed_under_mechkg():
    cfg = _setup_cfg()
    mapping = dict(line.split(" = ") for line in _listed(cfg, "package_dir"))
    assert mapping == {v: k for k, v in FOLDERS.items()}
    expected = set()
    for folder, package in FOLDERS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / folder)
            expected.add(".".join([package, *rel.parts]))
    assert set(_listed(cfg, "packages")) == expected, (
        "setup.cfg [options] packages must list every package folder under graph/, cli/ "
        "and ontology/ (as mechkg.*)"
    )


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_installed_names(tmp_path):
    """Outside the checkout, ``mechkg`` imports and the folder names do not."""
    ok = _run(
        "import mechkg, mechkg.cli.main, mechkg.ontology; print(mechkg.load().base)", tmp_path
    )
    assert ok.returncode == 0, ok.stderr
    for name in FOLDERS:
        gone = _run(f"import {name}", tmp_path)
        assert gone.returncode != 0 and "ModuleNotFoundError" in gone.stderr, name


def test_python_dash_m_mechkg(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mechkg", "stats"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "claims" in result.stdout


@pytest.mark.slow
def test_wheel_holds_only_mechkg(tmp_path):
    """A regular (non-editable) build puts one top-level package into the wheel."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("mechkg-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"mechkg"}
    for data in ("mechkg/data/lr3.yaml", "mechkg/ontology/mechkg.ttl",
                 "mechkg/ontology/shapes.ttl", "mechkg/export/html_assets/app.js",
                 "mechkg/export/html_assets/template.html", "mechkg/cli/main.py"):  # fmt: skip
        assert data in names, data
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as zf:
        assert "mechkg = mechkg.cli.main:main" in zf.read(entry).decode()
