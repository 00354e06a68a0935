"""Test helpers: a real Oxigraph server on a free loopback port, and a proxy that fails.

``running_server()`` starts ``oxigraph serve`` (the pip package ``oxigraph``) on
127.0.0.1 with a temporary store, waits until it answers, and always terminates it. When
the binary is missing, tests skip, except under ``CI`` where they fail with a clear
message. Only loopback addresses are used, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from tests.ci import skip_unless_ci

__all__ = ["Server", "oxigraph_binary", "running_server", "FailingProxy", "free_port"]

#: Seconds the server may take to start answering.
START_TIMEOUT = 20.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` binary; skips the test without it (fails under CI)."""
    path = shutil.which("oxigraph")
    if path is None:
        skip_unless_ci(
            "the Oxigraph server binary `oxigraph` is not installed: "
            "`pip install oxigraph` (part of mechkg's [test] extra)"
        )
    return path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running Oxigraph server: its base URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    location: str

    def update(self, sparql: str) -> None:
        req = urllib.request.Request(
            self.url + "/update",
            data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
            method="POST",
        )
        with _NO_PROXY.open(req, timeout=30) as response:
            response.read()

    def count(self, graph: str | None = None) -> int:
        """Number of triples in the default graph, or in a named graph."""
        where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        req = urllib.request.Request(
            self.url + "/query",
            data=f"SELECT (COUNT(*) AS ?n) WHERE {where}".encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "text/csv",
            },
            method="POST",
        )
        with _NO_PROXY.open(req, timeout=30) as response:
            return int(response.read().decode().split()[1])

    def graphs(self) -> set[str]:
        req = urllib.request.Request(
            self.url + "/query",
            data=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
            method="POST",
        )
        with _NO_PROXY.open(req, timeout=30) as response:
            return set(response.read().decode().split()[1:])


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}: {err}")
        try:
            req = urllib.request.Request(
                url + "/query?query=ASK%7B%7D", headers={"Accept": "application/json"}
            )
            with _NO_PROXY.open(req, timeout=2) as response:
                response.read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {START_TIMEOUT} s")


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """Start ``oxigraph serve`` on a free loopback port with a temporary store; stop it
    (and remove the store) on exit, whatever happened."""
    binary = oxigraph_binary()
    with tempfile.TemporaryDirectory(prefix="mechkg-oxigraph-") as location:
        for _attempt in range(3):  # the port may be taken between choosing and binding
            port = free_port()
            process = subprocess.Popen(
                [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            url = f"http://127.0.0.1:{port}"
            try:
                _wait_ready(url, process)
            except RuntimeError:
                process.kill()
                process.wait(timeout=10)
                continue
            try:
                yield Server(url, process, location)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
                if process.stderr:
                    process.stderr.close()
            return
        raise RuntimeError("could not start oxigraph serve on a free loopback port")


class FailingProxy:
    """A loopback HTTP proxy in front of a server that answers the ``fail_at``-th
    Graph Store ``POST`` (1-based) with HTTP 507 and a message, and forwards the rest."""

    MESSAGE = "Insufficient Storage: the disk is full"

    def __init__(self, upstream: str, fail_at: int) -> None:
        self.upstream = upstream
        self.fail_at = fail_at
        self.store_posts = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.command == "POST" and self.path.startswith("/store"):
                    proxy.store_posts += 1
                    if proxy.store_posts == proxy.fail_at:
                        data = proxy.MESSAGE.encode()
                        self.send_response(507)
                        self.send_header("Content-Type", "text/plain")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")
                }
                req = urllib.request.Request(
                    proxy.upstream + self.path, data=body, headers=headers, method=self.command
                )
                try:
                    with _NO_PROXY.open(req, timeout=60) as response:
                        status, data = response.status, response.read()
                        ctype = response.headers.get("Content-Type", "")
                except urllib.error.HTTPError as exc:
                    status, data = exc.code, exc.read()
                    ctype = exc.headers.get("Content-Type", "")
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FailingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)
