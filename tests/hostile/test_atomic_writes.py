"""Outputs appear whole or not at all: every writer goes through :mod:`graph.io`, a writer
that fails or a process killed mid-write leaves the previous output intact, and a build
that fails on bad input leaves no file."""

from __future__ import annotations

import ast
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import mechkg
import pytest
from mechkg.export import EXPORTERS, exporter
from mechkg.io import atomic_open, write_output
from mechkg.model import Claim, Entity, KnowledgeGraph, Source

ROOT = Path(__file__).parents[2]
OLD = "previous output\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------------ graph.io


def test_a_failing_block_keeps_the_previous_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text(OLD)
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half of the new ")
        raise RuntimeError("writer failed")
    assert target.read_text() == OLD
    assert _leftovers(tmp_path) == []


def test_a_new_file_appears_only_when_complete(tmp_path):
    target = tmp_path / "graph.ttl"
    with atomic_open(target) as handle:
        handle.write("complete")
        assert not target.exists()
        (tmp,) = _leftovers(tmp_path)
        assert tmp.startswith(".graph.ttl.")
    assert target.read_text() == "complete"
    assert _leftovers(tmp_path) == []


def test_permissions_of_a_replaced_file_are_kept(tmp_path):
    private = tmp_path / "private.ttl"
    private.write_text(OLD)
    private.chmod(0o600)
    write_output(private, "new")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.ttl"
    write_output(fresh, "new")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_missing_folder_is_an_error_naming_the_output(tmp_path):
    target = tmp_path / "missing" / "graph.ttl"
    with pytest.raises(FileNotFoundError) as info:
        write_output(target, "x")
    assert info.value.filename == str(target)


def test_the_cli_reports_an_unwritable_output(tmp_path):
    target = tmp_path / "missing" / "graph.ttl"
    done = subprocess.run(
        [sys.executable, "-m", "mechkg.cli", "build", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"{target}: No such file or directory" in done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------- every writer path

#: Calls that create or change files; only graph/io.py may make them.
_ANY_OWNER = {"write_text", "write_bytes", "mkstemp", "mkdtemp", "NamedTemporaryFile"}
_OS = {"open", "replace", "rename", "renames", "link", "symlink", "truncate"}
_WRITE_MODES = ("w", "a", "x", "+")
#: Writes that are not outputs, with the reason they need no atomic rename.
ALLOWED = {
    ("graph/sparql/corridor.py", "tempfile.mkstemp"): "a private scratch copy of an "
    "endpoint's answer in the system temp folder, read back and removed at once",
    ("graph/paths/cachefile.py", "os.open"): "opens a cache file read-only (O_RDONLY) to map "
    "it; the cache is written through graph.io.atomic_open",
}


def _writes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, call) for every call in ``tree`` that can create or change a file."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else "?"
            name = func.attr
        elif isinstance(func, ast.Name):
            owner, name = "", func.id
        else:
            continue
        call = f"{owner}.{name}" if owner else name
        if name in _ANY_OWNER or (owner == "os" and name in _OS) or owner in ("shutil", "tempfile"):
            found.append((node.lineno, call))
        elif name == "open":
            builtin = owner in ("", "io")  # open(path, mode) rather than path.open(mode)
            given = node.args[1:2] if builtin else node.args[0:1]
            modes = given + [k.value for k in node.keywords if k.arg == "mode"]
            if not builtin:  # x.open(request) of a URL opener is no file: judge text only
                modes = [m for m in modes if isinstance(m, ast.Constant)]
            for mode in modes:
                text = mode.value if isinstance(mode, ast.Constant) else "?"
                if not isinstance(text, str) or any(m in text for m in (*_WRITE_MODES, "?")):
                    found.append((node.lineno, call))
    return found


def test_every_file_write_goes_through_graph_io():
    offenders = []
    for folder in ("graph", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "graph" / "io.py":
                continue
            rel = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            offenders += [
                f"{rel}:{ln}: {call}" for ln, call in _writes(tree) if (rel, call) not in ALLOWED
            ]
    assert offenders == [], "write these through graph.io.atomic_open:\n" + "\n".join(offenders)


def test_the_write_check_finds_direct_writes():
    source = (
        "open(p, 'w')\nopen(p, mode='ab')\nopen(p)\nPath(p).write_text(t)\n"
        "os.replace(a, b)\nshutil.copy(a, b)\nq.open('wb')\nq.open()\n'x'.replace('a', 'b')\n"
        "opener.open(request)\nopen(p, m)\n"
    )
    assert [call for _, call in _writes(ast.parse(source))] == [
        "open",
        "open",
        "?.write_text",
        "os.replace",
        "shutil.copy",
        "q.open",
        "open",
    ]


def _small_graph() -> KnowledgeGraph:
    return KnowledgeGraph(
        {"a": Entity("a", "A <b>", "Gene"), "b": Entity("b", "B", "Protein")},
        {"s": Source("s", "article")},
        {"c": Claim("c", "a", "increases", "b", "experiment", "s", quote='q "x"')},
    )


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_exporter_leaves_the_old_file_when_writing_fails(fmt, tmp_path, monkeypatch):
    """The last step before the rename fails: if a writer bypassed graph.io, its file
    would already hold the new content (or no error would be raised)."""
    target = tmp_path / f"graph{EXPORTERS[fmt].extension}"
    _, write = exporter(fmt)
    write(_small_graph(), target)  # the files this format writes, to find them all
    written = sorted(p for p in tmp_path.iterdir())
    assert written, fmt
    for path in written:
        path.write_text(OLD)

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mechkg.io.os.fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        write(_small_graph(), target)
    assert sorted(tmp_path.iterdir()) == written
    assert all(p.read_text() == OLD for p in written), fmt


# --------------------------------------------------------------- killed mid-write


def test_process_killed_inside_atomic_open_keeps_the_previous_file(tmp_path):
    target = tmp_path / "graph.nt"
    target.write_text(OLD)
    script = (
        "import sys, time\n"
        "from mechkg.io import atomic_open\n"
        f"with atomic_open({str(target)!r}) as handle:\n"
        "    handle.write('x' * 1_000_000)\n"
        "    handle.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert target.read_text() == OLD
    (orphan,) = _leftovers(tmp_path)
    assert (tmp_path / orphan).stat().st_size == 1_000_000
    # The orphan never passes for a claims file when the folder is loaded.
    assert mechkg.input_files([tmp_path]) == [target]


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    """A 10,000-claim graph as N-Triples (about 15 MB written back: a dozen 1 MiB writes)."""
    rng = random.Random(7)
    n = 1000
    entities = {f"n{i}": Entity(f"n{i}", f"entity {i}", "Protein") for i in range(n)}
    claims = {}
    for j in range(10_000):
        a = rng.randrange(n)
        b = (a + 1 + rng.randrange(n - 1)) % n
        claims[f"c{j}"] = Claim(
            f"c{j}", f"n{a}", "increases", f"n{b}", "experiment", "s", quote="q" * 40
        )
    kg = KnowledgeGraph(entities, {"s": Source("s", "article")}, claims)
    path = tmp_path_factory.mktemp("big") / "big.nt"
    exporter("ntriples")[1](kg, path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [("build", "-o", "graph.nt"), ("export", "turtle", "-o", "graph.nt")],
    ids=["build", "export"],
)
def test_command_killed_mid_write_keeps_the_previous_output(args, big_input, tmp_path):
    target = tmp_path / "graph.nt"
    target.write_text(OLD)
    command = [sys.executable, "-m", "mechkg.cli", *args[:-2], str(big_input), "-o", str(target)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    caught = 0
    try:
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            tmp = _leftovers(tmp_path)
            if tmp and (tmp_path / tmp[0]).stat().st_size > 0:
                caught = (tmp_path / tmp[0]).stat().st_size
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert caught, "finished before it could be killed: " + child.stderr.read().decode()
    assert child.returncode == -signal.SIGKILL
    assert target.read_text() == OLD


def test_failed_export_on_bad_input_leaves_no_file(tmp_path):
    bad = ROOT / "tests" / "data" / "broken" / "self_loop.yaml"
    out = tmp_path / "out"
    out.mkdir()
    for args in (["export", "html", str(bad)], ["export", "kgx", str(bad)]):
        done = subprocess.run(
            [sys.executable, "-m", "mechkg.cli", *args, "-o", str(out / "graph.html")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1 and "relates 'bdnf' to itself" in done.stderr
        assert list(out.iterdir()) == []
