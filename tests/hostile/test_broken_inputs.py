"""Broken inputs: `mechkg validate` and `mechkg build` answer each with a located message and
exit code 1, within seconds, never with a traceback, and a failed build writes no file.

The corpus is ``tests/data/broken/`` (one file per kind of damage); inputs too big or too
odd to commit (a 50 MB file, a million nested brackets, a directory named like a claims
file, an unreadable file) are made in a temporary folder. The corpus runs through the CLI
in-process (the ``cli`` fixture, under an alarm that ends a hang); the real command in a
subprocess with a timeout answers the inputs that once crashed the interpreter (a million
nested brackets overflowed the C stack) and the plain cases (a missing file, a usage error,
a valid file), so the installed entry point is tested too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mechkg
import pytest

ROOT = Path(__file__).parents[2]
BROKEN = ROOT / "tests" / "data" / "broken"
#: Seconds a command may take on a broken input ("never a hang").
LIMIT = 10.0

# file -> every problem expected on stderr: (line or None for the whole file, fragment)
EXPECTED: dict[str, list[tuple[int | None, str]]] = {
    "truncated.yaml": [(15, "invalid YAML: found unexpected end of stream")],
    "tabs.yaml": [(5, "YAML forbids tabs for indentation; indent with spaces")],
    "wrong_types.yaml": [
        (4, "source paper: source kind must be a word, got ['article']"),
        (5, "source paper: invalid date 20250810.5"),
        (8, "entity bdnf: label is not a string (got a list)"),
        (10, "entity trkb: entity type must be a word, got 42"),
        (16, "claim c1: evidence level must be a word, got 4"),
        (18, "claim c1: negated must be true or false, got 'yes please'"),
        (19, "claim c1: anatomy is not a string (got a mapping)"),
    ],
    "self_loop.yaml": [(7, "claim loop: claim relates 'bdnf' to itself")],
    "empty_step.yaml": [(9, "claim chain1: step 2 of the chain is empty")],
    "unknown_prefix.yaml": [
        (8, "entity bdnf: xrefs: unknown CURIE prefix 'FOO' in 'FOO:123'; did you mean EFO:?"),
        (17, "claim c1: species: unknown CURIE prefix 'NCBI' in 'NCBI:10090'"),
    ],
    "unknown_names.yaml": [
        (9, "claim c1: unknown relation 'activates'"),
        (11, "claim c1: unknown evidence level 'strong'"),
    ],
    "alias_bomb.yaml": [(8, "the document expands to too many nodes (alias bomb?)")],
    "deep_nesting.yaml": [(2, "lists and mappings nested more than 100 deep")],
    "recursive_alias.yaml": [(6, "recursive alias *self; an alias cannot contain itself")],
    "undefined_alias.yaml": [(3, "alias *nowhere names no anchor")],
    "merge_key.yaml": [(5, "YAML merge keys ('<<') are not supported")],
    "multi_document.yaml": [(4, "more than one YAML document in the file")],
    "huge_int.yaml": [
        (1, "unsupported or missing format version '1000000000"),
        (12, "claim c1: evidence level must be a word, got 4444444444"),
        (14, "claim c1: negated must be true or false, got '1e999'"),
    ],
    "duplicate_keys.yaml": [
        (4, "source 'paper' is defined twice"),
        (12, "claim c1: duplicate key 'relation' in claim c1"),
    ],
    "nul.yaml": [(5, "binary data (NUL byte) in a text file")],
    "binary.yaml": [(1, "binary data (NUL byte) in a text file")],
    "latin1.yaml": [(3, "not UTF-8 text (byte 0xe9); save the file as UTF-8")],
    "crlf.yaml": [(10, "claim c1: unknown relation 'activates'")],
    "empty.yaml": [(1, "a claims file is a mapping with `mechkg: 1`")],
    "comments_only.yaml": [(1, "a claims file is a mapping with `mechkg: 1`")],
    "root_list.yaml": [(1, "a claims file is a mapping with `mechkg: 1`")],
    "non_string_keys.yaml": [(3, "a mapping key must be a plain value")],
    "python_object.yaml": [(3, "YAML tag '!!python/object/apply:os.system' is not allowed")],
    "python_name.yaml": [(3, "YAML tag '!!python/name:os.system' is not allowed")],
    "terminal_escape.yaml": [(5, "entity bdnf: label contains the control character U+001B")],
    "bad_url_and_date.yaml": [
        (3, "source paper: invalid URL 'https://example.org/100%zz'"),
        (4, "source news: invalid date '2025-02-30': no such day"),
    ],
    "truncated.ttl": [(3, "invalid RDF:")],
    "binary.ttl": [(1, "invalid RDF:")],
    "remote_context.jsonld": [(None, "invalid RDF: No LoadDocumentCallback")],
}
#: Corpus files that are valid: YAML allows a byte-order mark.
ACCEPTED = {"bom.yaml"}


def run(*args: str, cwd: Path = ROOT) -> tuple[int, str, str, float]:
    """Run ``mechkg ARGS`` in a subprocess: exit code, stdout, stderr, seconds taken."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mechkg.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


class Hang(Exception):
    """A command ran past the alarm."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def in_process(cli) -> Callable[..., tuple[int, str, str, float]]:
    """Like :func:`run`, through click's runner in this process: an exception escaping
    the command fails the test with its traceback; a hang is cut off after 6 x LIMIT."""

    def invoke(*args: str) -> tuple[int, str, str, float]:
        start = time.monotonic()
        with _alarm(6 * LIMIT):
            result = cli(*args)
        return result.exit_code, result.stdout, result.stderr, time.monotonic() - start

    return invoke


def assert_refused(
    path: Path,
    expected: list[tuple[int | None, str]],
    tmp_path: Path,
    command: str,
    runner: Callable[..., tuple[int, str, str, float]] = run,
) -> str:
    """Run ``command`` on ``path`` (in a subprocess unless another ``runner`` is given)
    and check the answer; returns stderr."""
    out = tmp_path / "out" / "graph.ttl"
    out.parent.mkdir(exist_ok=True)
    args = [command, str(path)] + (["-o", str(out)] if command == "build" else [])
    code, stdout, stderr, seconds = runner(*args)
    assert "Traceback" not in stdout + stderr, stderr
    assert code == 1, f"exit {code}\n{stderr}"
    assert seconds < LIMIT, f"took {seconds:.1f} s"
    assert stdout == ""
    lines = [ln.removeprefix("Error: ") for ln in stderr.splitlines()]
    for line, fragment in expected:
        where = f"{path}:{line}:" if line is not None else f"{path}: "
        assert any(ln.startswith(where) and fragment in ln for ln in lines), (
            f"no line starting {where!r} with {fragment!r} in:\n{stderr}"
        )
    assert lines[-1].endswith(("problem found", "problems found")), stderr
    if command == "build":
        assert list(out.parent.iterdir()) == [], "a failed build left a file behind"
    return stderr


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(set(EXPECTED) | ACCEPTED)


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_its_location(name, command, tmp_path, in_process):
    assert_refused(BROKEN / name, EXPECTED[name], tmp_path, command, in_process)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_the_installed_command_refuses_a_broken_file(command, tmp_path):
    name = "unknown_names.yaml"
    assert_refused(BROKEN / name, EXPECTED[name], tmp_path, command)


def test_library_reports_the_same_problems():
    """graph.validate finds what the CLI prints (every problem, not just the first)."""
    for name, expected in EXPECTED.items():
        problems = mechkg.validate([BROKEN / name])
        assert len(problems) >= len(expected), name
        for line, fragment in expected:
            assert any(p.line == line and fragment in str(p) for p in problems), (name, line)


def test_byte_order_mark_is_accepted(tmp_path):
    path = BROKEN / "bom.yaml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    code, stdout, stderr, _ = run("validate", str(path))
    assert code == 0, stderr
    assert "valid (1 claim, 2 entities, 1 source)" in stdout
    kg = mechkg.load([path])
    assert list(kg.claims) == ["c1"]


def test_crlf_line_endings_load_like_lf(tmp_path, thorough_path):
    crlf = tmp_path / "thorough-crlf.yaml"
    crlf.write_bytes(thorough_path.read_bytes().replace(b"\n", b"\r\n"))
    lf = mechkg.load([thorough_path])
    back = mechkg.load([crlf])
    assert (back.claims, back.entities, back.sources) == (lf.claims, lf.entities, lf.sources)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_fifty_megabyte_file_is_refused_before_it_is_read(command, tmp_path, in_process):
    big = tmp_path / "big.yaml"
    block = "".join(
        f"  - {{id: c{i}, subject: a, relation: increases, object: b, evidence: experiment}}\n"
        for i in range(1000)
    )
    with big.open("w", encoding="utf-8") as handle:
        handle.write("mechkg: 1\nclaims:\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
    assert big.stat().st_size >= 50 * 1024 * 1024
    expected = [(None, "over the 20 MiB limit for YAML claim files")]
    assert_refused(big, expected, tmp_path, command, in_process)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_million_nested_brackets(command, tmp_path):
    """100,000 levels made libyaml's composer overflow the C stack (a segfault)."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("mechkg: 1\nclaims: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n")
    assert_refused(deep, [(2, "lists and mappings nested more than 100 deep")], tmp_path, command)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_text_over_the_length_limit(command, tmp_path, in_process):
    path = tmp_path / "long.yaml"
    path.write_text(
        'mechkg: 1\nsources:\n  paper: {kind: article, title: "' + "x" * 200_000 + '"}\n'
    )
    stderr = assert_refused(
        path, [(3, "source paper: title is 200,000 characters long")], tmp_path, command, in_process
    )
    assert len(stderr) < 1000


@pytest.mark.parametrize("command", ["validate", "build"])
def test_directory_named_like_a_claims_file(command, tmp_path, in_process):
    folder = tmp_path / "claims"
    (folder / "inner.yaml").mkdir(parents=True)
    out = tmp_path / "out" / "graph.ttl"
    out.parent.mkdir()
    args = [command, str(folder)] + (["-o", str(out)] if command == "build" else [])
    code, stdout, stderr, seconds = in_process(*args)
    assert (code, stdout) == (1, ""), stderr
    assert "Traceback" not in stderr and seconds < LIMIT
    assert f"{folder / 'inner.yaml'}: is a directory; name the claim files inside it" in stderr
    assert not out.exists()


def test_output_path_that_is_a_directory_is_a_usage_error(tmp_path):
    code, _, stderr, _ = run("build", str(BROKEN / "bom.yaml"), "-o", str(tmp_path))
    assert code == 2 and "is a directory" in stderr and "Traceback" not in stderr


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    code, _, stderr, _ = run("validate", str(missing))
    assert code == 1 and f"{missing}: file not found; check the path" in stderr


def test_unreadable_file(tmp_path, cli):
    """Run the CLI as an unprivileged user on a file only its owner may read.

    Root reads any file whatever its mode, so under root the command runs (through click's
    test runner) in a forked child that has dropped to the ``nobody`` user.
    """
    if os.geteuid() != 0:
        secret = tmp_path / "secret.yaml"
        secret.write_bytes((BROKEN / "bom.yaml").read_bytes())
        secret.chmod(0o000)
        code, _, stderr, _ = run("validate", str(secret))
        assert code == 1 and f"{secret}: permission denied" in stderr
        return
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # pytest's tmp_path sits in a folder only root may enter
        _unreadable_as_nobody(Path(folder) / "secret.yaml", cli)


def _unreadable_as_nobody(secret: Path, cli: Callable[..., Any]) -> None:
    secret.write_bytes((BROKEN / "bom.yaml").read_bytes())
    secret.chmod(0o000)
    # Run the command once before the fork, on a readable and a missing file, so that
    # every module it imports is loaded: nobody cannot read the installed packages.
    assert cli("validate", BROKEN / "bom.yaml").exit_code == 0
    assert cli("validate", f"{secret}.missing").exit_code == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, run the command, report through the pipe
        status = 3
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            result = cli("validate", secret, catch_exceptions=True)
            if not isinstance(result.exception, (SystemExit, type(None))):
                raise result.exception
            os.write(write, f"{result.exit_code}\n{result.stdout}{result.stderr}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, answer
    code, output = answer.split("\n", 1)
    assert code == "1", output
    assert f"{secret}: permission denied; check the file's permissions" in output
    assert "Traceback" not in output
