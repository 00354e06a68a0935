"""Test helper: a real Virtuoso (Debian's ``virtuoso-opensource``) on free loopback ports.

``running_virtuoso()`` writes a ``virtuoso.ini`` into a temporary database folder, starts
``virtuoso-t`` in the foreground with its HTTP and SQL ports on 127.0.0.1, waits until
its SPARQL endpoint answers (about 10-20 s on a first start, when it builds the
database), lets the anonymous SPARQL user write (``GRANT SPARQL_UPDATE``, the Graph Store
permissions) through ``isql-vt``, and always stops it and removes the folder. When
Virtuoso is missing, tests skip, except under ``CI`` where they fail.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.ci import skip_unless_ci
from tests.oxigraph_server import free_port

__all__ = ["Virtuoso", "running_virtuoso", "virtuoso_binaries", "write_ini"]

#: Seconds Virtuoso may take to create its database and answer.
START_TIMEOUT = 120.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def virtuoso_binaries() -> tuple[str, str]:
    """Paths of ``virtuoso-t`` and ``isql-vt``; skips without them (fails under CI)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        skip_unless_ci(
            "Virtuoso (`virtuoso-t`, `isql-vt`) is not installed: "
            "apt-get install -y virtuoso-opensource"
        )
    return server, isql


def write_ini(folder: Path, http_port: int, sql_port: int, max_rows: int = 10_000) -> Path:
    """A minimal ``virtuoso.ini`` keeping everything in ``folder``, listening on
    loopback only, that may read files from ``folder`` (for the bulk loader)."""
    ini = folder / "virtuoso.ini"
    ini.write_text(
        f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
ThreadsPerQuery = 2
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
EnabledDavVSP = 0
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
""",
        encoding="utf-8",
    )
    return ini


@dataclass
class Virtuoso:
    """A running Virtuoso: its base URL, SQL port and database folder."""

    url: str
    sql_port: int
    folder: Path
    process: subprocess.Popen[bytes]
    isql: str

    def sql(self, statements: str, timeout: float = 600) -> str:
        """Run SQL statements through ``isql-vt`` as ``dba``; returns its output."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        return done.stdout

    def count(self, graph: str) -> int:
        """Number of triples in a named graph."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        req = urllib.request.Request(
            self.url + "/sparql?" + urllib.parse.urlencode({"query": query}),
            headers={"Accept": "text/csv"},
        )
        with _NO_PROXY.open(req, timeout=60) as response:
            return int(response.read().decode().split()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {said}")
        try:
            req = urllib.request.Request(
                url + "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"}
            )
            with _NO_PROXY.open(req, timeout=5) as response:
                response.read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"Virtuoso did not answer at {url} within {START_TIMEOUT:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_virtuoso(max_rows: int = 10_000) -> Iterator[Virtuoso]:
    """Start Virtuoso on free loopback ports with a fresh database; stop it (and
    remove the database) on exit, whatever happened."""
    server, isql = virtuoso_binaries()
    with tempfile.TemporaryDirectory(prefix="mechkg-virtuoso-") as name:
        folder = Path(name)
        for _attempt in range(3):  # a port may be taken between choosing and binding
            http_port, sql_port = free_port(), free_port()
            ini = write_ini(folder, http_port, sql_port, max_rows)
            process = subprocess.Popen(
                [server, "+foreground", "+configfile", str(ini)],
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{http_port}"
            try:
                _wait_ready(url, process, folder / "virtuoso.log")
            except RuntimeError:
                _stop(process)
                for leftover in folder.iterdir():
                    leftover.unlink()
                continue
            try:
                found = Virtuoso(url, sql_port, folder, process, isql)
                found.sql(_GRANTS)
                yield found
            finally:
                _stop(process)
            return
        raise RuntimeError("could not start Virtuoso on free loopback ports")
