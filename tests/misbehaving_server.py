"""A local HTTP server that misbehaves as a hostile SPARQL endpoint might: it streams
forever, trickles bytes, answers the wrong shape, nests deeply, sends huge bodies, or
puts terminal escapes in its answers. Loopback only; every test stops it."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Callable, Iterator

__all__ = ["misbehaving", "Behaviour"]

#: (handler) -> None: writes the whole response
Behaviour = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextlib.contextmanager
def misbehaving(behaviour: Behaviour) -> Iterator[str]:
    """Serve ``behaviour`` for every request on 127.0.0.1; yields the base URL."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.body = self.rfile.read(length) if length else b""  # type: ignore[attr-defined]
            self.stop = stop  # type: ignore[attr-defined]
            try:
                behaviour(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = _any

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def answer(body: bytes, content_type: str = "application/sparql-results+json",
           status: int = 200) -> Behaviour:  # fmt: skip
    """Answer ``body`` at once."""

    def send(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return send


def stream_forever(h: http.server.BaseHTTPRequestHandler) -> None:
    """A 200 answer without a length whose body never ends (1 MiB at a time)."""
    h.send_response(200)
    h.send_header("Content-Type", "application/n-triples")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b'<http://a/> <http://b/> "' + b"x" * (1 << 20) + b'" .\n'
    while not h.stop.is_set():  # type: ignore[attr-defined]
        h.wfile.write(chunk)


def trickle(h: http.server.BaseHTTPRequestHandler) -> None:
    """A valid-looking answer, one byte every 0.2 s, that would take minutes."""
    body = b'{"head": {"vars": []}, "results": {"bindings": []}}' + b" " * 10_000
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    for byte in body:
        if h.stop.is_set():  # type: ignore[attr-defined]
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.2)
