"""Shared fixtures: the thorough (valid, every feature) and slushy (known errors) files, the
bundled graph, and ``cli`` (the command line, run in-process).

Under CI (``CI`` set) a skipped test counts as failed: everything a test needs is
installed there, so a skip would hide a test that never ran. Locally, tests that need
something missing skip through :func:`tests.ci.skip_unless_ci`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.ci import in_ci

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


#: click before 8.2 mixes stderr into stdout unless told not to; 8.2 always keeps them apart.
_SEPARATE = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


@pytest.fixture(autouse=True)
def _answers_by_work_not_by_clock(monkeypatch):
    """Path queries stop at their work budgets, which are the same on every machine; the
    clock backstop (for machines far slower than the budgets assume) is set out of reach,
    so that an answer a test compares does not depend on how busy the machine is. Tests of
    the backstop set it themselves."""
    from mechkg.paths import query

    monkeypatch.setattr(query, "QUERY_SECONDS", 60.0)
    monkeypatch.setattr(query, "WEAKER_SECONDS", 60.0)


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """Run ``mechkg ARGS`` in-process (as ``python -m mechkg.cli`` would) and return
    click's result.

    ``cli("export", "kgx", path, "-o", out)``: arguments may be paths or numbers.
    ``result.stdout`` and ``result.stderr`` are kept apart, ``result.exit_code`` is the
    exit status; an exception escaping the command fails the test with its traceback
    (pass ``catch_exceptions=True`` to get it as ``result.exception`` instead).
    ``input`` is fed to stdin, ``env`` overrides environment variables for the call.
    """
    from mechkg.cli.main import main

    def invoke(
        *args: object,
        input: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
        catch_exceptions: bool = False,
    ) -> Result:
        return CliRunner(**_SEPARATE).invoke(
            main,
            [str(a) for a in args],
            input=input,
            env=env,
            catch_exceptions=catch_exceptions,
            prog_name="mechkg",
        )

    return invoke


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Under CI, report a skipped test as failed, with the reason it gave."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where nothing may skip: {reason}"
