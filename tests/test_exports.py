"""exports/ holds the bundled graph's exports; they must equal a fresh regeneration."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "regenerate_exports", ROOT / "scripts" / "regenerate_exports.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exports_are_fresh(tmp_path):
    script = _script()
    fresh = script.regenerate(tmp_path)
    stale = [
        p.name
        for p in fresh
        if not (ROOT / "exports" / p.name).exists()
        or (ROOT / "exports" / p.name).read_bytes() != p.read_bytes()
    ]
    assert not stale, (
        f"exports/ is stale ({', '.join(stale)}); regenerate it with `{script.COMMAND}` "
        "and commit the result"
    )
