"""Shared real-browser helpers for tests: Debian's Chromium driven by Playwright, offline.

Import the fixtures into a test module::

    from tests.browser import browser, offline_page  # noqa: F401

``browser`` is one Chromium per test session. ``offline_page`` opens local files in a fresh
context that blocks every non-``file:`` request and records console errors, page errors,
failed requests and dialogs; the test fails at teardown if any occurred (call
``session.problems.clear()`` after provoking one on purpose).

When ``CI`` is set a missing Chromium or Playwright fails the tests; otherwise they skip.
Never run ``playwright install``: the tests use the system browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "BrowserSession",
    "browser",
    "offline_page",
    "require_browser",
    "launch_chromium",
    "open_offline",
]

#: The system Chromium (Debian's package); override with MECHKG_CHROMIUM.
CHROMIUM = os.environ.get("MECHKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def require_browser() -> None:
    """Skip (or, under CI, fail) unless Playwright and the system Chromium are present."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (pip install playwright)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install them", pytrace=False)
        pytest.skip(message)


def launch_chromium(playwright: Any, **options: Any) -> Any:
    """Launch the system Chromium headless with the flags that work in containers."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **options
    )


@dataclass
class BrowserSession:
    """An open page plus everything that went wrong in it."""

    page: Any
    context: Any
    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def goto(
        self,
        path: str | os.PathLike[str],
        *,
        ready: str = "() => window.mechkgReady === true",
        timeout: float = 30_000,
    ) -> None:
        """Open a local file and wait until ``ready`` (a JS function source) returns true.

        Pass a function, not a bare expression: Playwright evaluates bare expressions with
        ``eval``, which a page's Content-Security-Policy may forbid.
        """
        self.page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout)
        if ready:
            self.page.wait_for_function(ready, timeout=timeout)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        self.page.screenshot(path=str(target))
        return target

    def close(self) -> None:
        self.context.close()


def open_offline(browser: Any, *, width: int = 1400, height: int = 900) -> BrowserSession:
    """A new page in its own context: no network, every problem recorded."""
    context = browser.new_context(viewport={"width": width, "height": height})
    session = BrowserSession(page=None, context=context)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            session.blocked.append(url)
            session.problems.append(f"network request: {url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    session.page = page
    page.on(
        "console",
        lambda msg: (
            session.problems.append(f"console.{msg.type}: {msg.text}")
            if msg.type in ("error", "assert")
            else None
        ),
    )
    page.on("pageerror", lambda err: session.problems.append(f"page error: {err}"))
    page.on(
        "requestfailed",
        lambda req: session.problems.append(f"failed request: {req.url} ({req.failure})"),
    )

    def dialog(d: Any) -> None:
        session.problems.append(f"dialog ({d.type}): {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    return session


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless system Chromium for the whole test session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    """Factory of offline pages; fails the test if any page saw a problem."""
    sessions: list[BrowserSession] = []

    def make(**options: Any) -> BrowserSession:
        session = open_offline(browser, **options)
        sessions.append(session)
        return session

    yield make
    problems = [p for s in sessions for p in s.problems]
    for session in sessions:
        session.close()
    assert not problems, "browser problems:\n" + "\n".join(problems)
