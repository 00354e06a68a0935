"""Shared real-browser helpers for tests: Debian's Chromium driven by Playwright, offline.

Use the fixtures from a test module with::

    pytest_plugins = ["tests.browser"]

``browser`` is one Chromium per test session. ``offline_page`` opens local files in a fresh
context that blocks every non-``file:`` request and records console errors, page errors,
failed requests and dialogs; the test fails at teardown if any occurred (call
``session.problems.clear()`` after provoking one on purpose).

When ``CI`` is set a missing Chromium or Playwright fails the tests; otherwise they skip.
Never run ``playwright install``: the tests use the system browser.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.ci import skip_unless_ci

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "BrowserSession",
    "browser",
    "offline_page",
    "require_browser",
    "require_firefox",
    "Marionette",
    "firefox",
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
        skip_unless_ci("browser tests need " + " and ".join(missing))


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


# ---------------------------------------------------------------------------------------
# Firefox: Playwright drives only its own patched Firefox, so the system Firefox ESR is
# driven over its built-in Marionette protocol (a few JSON messages over a local socket).

#: The system Firefox (Debian's firefox-esr); override with MECHKG_FIREFOX.
FIREFOX = os.environ.get("MECHKG_FIREFOX", "/usr/bin/firefox-esr")

_FIREFOX_PREFS = {
    "marionette.port": 0,  # replaced by a free port
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage": "about:blank",
    "browser.startup.page": 0,
    "startup.homepage_welcome_url": "about:blank",
    "browser.aboutwelcome.enabled": False,
    "app.update.enabled": False,
    "app.update.auto": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "extensions.update.enabled": False,
    "network.proxy.type": 1,  # every request goes to a closed local port: nothing leaves
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": True,
}


def require_firefox() -> None:
    """Skip (or, under CI, fail) unless the system Firefox is present."""
    if not (Path(FIREFOX).exists() or shutil.which(FIREFOX)):
        skip_unless_ci(f"Firefox tests need Firefox at {FIREFOX} (apt-get install -y firefox-esr)")


class Marionette:
    """A minimal Marionette client: enough to open a page, run a script, take a screenshot."""

    def __init__(self, profile: Path, *, timeout: float = 60.0) -> None:
        import json
        import socket
        import subprocess
        import time

        self._json = json
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        prefs = dict(_FIREFOX_PREFS, **{"marionette.port": port})
        lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
        (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise RuntimeError(f"Firefox did not open Marionette on port {port}") from None
                time.sleep(0.1)
        self._buffer = b""
        self._id = 0
        self._read()  # the server's greeting
        self.command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {}}})

    def _read(self) -> Any:
        while b":" not in self._buffer:
            self._buffer += self._recv()
        size, _, rest = self._buffer.partition(b":")
        while len(rest) < int(size):
            rest += self._recv()
        self._buffer = rest[int(size) :]
        return self._json.loads(rest[: int(size)])

    def _recv(self) -> bytes:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise RuntimeError("Firefox closed the Marionette connection")
        return chunk

    def command(self, name: str, params: dict[str, Any] | None = None) -> Any:
        self._id += 1
        body = self._json.dumps([0, self._id, name, params or {}]).encode("utf-8")
        self.sock.sendall(str(len(body)).encode() + b":" + body)
        while True:
            message = self._read()
            if message[0] == 1 and message[1] == self._id:
                break
        if message[2]:
            raise RuntimeError(f"{name}: {message[2].get('message', message[2])}")
        result = message[3]
        return result.get("value", result) if isinstance(result, dict) else result

    def goto(self, path: str | os.PathLike[str]) -> None:
        self.command("WebDriver:Navigate", {"url": Path(path).resolve().as_uri()})

    def evaluate(self, script: str, *args: Any) -> Any:
        """Run a function body (use ``return``) in the page."""
        return self.command("WebDriver:ExecuteScript", {"script": script, "args": list(args)})

    def wait_for(self, script: str, timeout: float = 30.0) -> None:
        import time

        deadline = time.monotonic() + timeout
        while not self.evaluate(script):
            if time.monotonic() > deadline:
                raise TimeoutError(f"page never satisfied: {script}")
            time.sleep(0.05)

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        data = self.command("WebDriver:TakeScreenshot", {"full": False})
        target = Path(path)
        target.write_bytes(base64.b64decode(data))
        return target

    def close(self) -> None:
        import subprocess

        try:
            self.command("Marionette:Quit", {"flags": ["eForceQuit"]})
        except (OSError, RuntimeError):
            pass
        finally:
            self.sock.close()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def firefox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Marionette]:
    """One headless system Firefox for the whole test session, driven over Marionette."""
    require_firefox()
    client = Marionette(tmp_path_factory.mktemp("firefox-profile"))
    try:
        yield client
    finally:
        client.close()
