"""The README documents every command and the quickstart is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from mechkg.cli.main import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    missing = [name for name in COMMANDS if f"`mechkg {name}" not in README]
    assert not missing, f"README.md does not document: {', '.join(missing)}"


def test_quickstart_is_two_commands():
    block = re.search(r"## Quickstart\s+```sh\n(.*?)```", README, re.S)
    assert block, "README.md has no Quickstart code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install" in commands[0] and "mechkg" in commands[0]
    assert "pytest" in commands[1]
