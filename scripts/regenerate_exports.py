"""Regenerate exports/ from the bundled LR3 graph: ``python scripts/regenerate_exports.py``.

tests/test_exports.py fails when the committed files differ from a fresh regeneration.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: file name in exports/ -> export format
EXPORTS = {
    "lr3.ttl": "turtle",
    "lr3.jsonld": "jsonld",
    "lr3.trig": "trig",
    "lr3.html": "html",
}
COMMAND = "python scripts/regenerate_exports.py"


def regenerate(out_dir: Path) -> list[Path]:
    """Write every export of the bundled graph into ``out_dir``."""
    import mechkg
    from mechkg.export import EXPORTERS, exporter

    kg = mechkg.load()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fmt in EXPORTS.items():
        if fmt not in EXPORTERS:
            raise SystemExit(f"unknown export format {fmt!r}")
        path = out_dir / name
        exporter(fmt)[1](kg, path)
        written.append(path)
    return written


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "exports"
    for p in regenerate(target):
        print(p)
