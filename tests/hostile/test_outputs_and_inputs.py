"""Outputs never destroy inputs, special files stay special, and special inputs are
refused rather than read (a FIFO would block the command forever)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from mechkg.io import OutputConflict, atomic_open, check_outputs

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture()
def claims(tmp_path):
    path = tmp_path / "c.yaml"
    shutil.copy(DATA / "thorough.yaml", path)
    return path


def _refused(result, path, original):
    assert result.exit_code == 1, result.stdout
    assert "is also an input of this command" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == original


@pytest.mark.parametrize(
    "args",
    [
        ("export", "html", "{c}", "-o", "{c}"),
        ("export", "graphml", "{c}", "-o", "{c}"),
        ("build", "{c}", "--format", "turtle", "-o", "{c}"),
        ("paths", "a", "b", "{c}", "-o", "{c}"),
        ("paths", "a", "b", "{c}", "--html", "{c}"),
        ("neighbours", "a", "{c}", "-o", "{c}"),
        ("explain", "a", "b", "{c}", "-o", "{c}"),
        ("entities", "{c}", "-o", "{c}"),
        ("query", ASK, "{c}", "-o", "{c}"),
    ],
)
def test_no_command_writes_over_its_input(cli, claims, args):
    original = claims.read_bytes()
    _refused(cli(*(str(claims) if a == "{c}" else a for a in args)), claims, original)


def test_links_and_other_spellings_of_an_input_are_caught(cli, claims, tmp_path):
    original = claims.read_bytes()
    (tmp_path / "link.yaml").symlink_to(claims)
    os.link(claims, tmp_path / "hard.html")
    for target in ("link.yaml", "hard.html", f"../{tmp_path.name}/c.yaml"):
        out = tmp_path / target
        _refused(cli("export", "html", claims, "-o", out), claims, original)
    # through a symlinked input, too
    _refused(cli("export", "html", tmp_path / "link.yaml", "-o", claims), claims, original)


def test_a_query_file_is_an_input(cli, claims, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(ASK)
    result = cli("query", query, claims, "-o", query)
    assert result.exit_code == 1 and "is also an input" in result.stderr
    assert query.read_text() == ASK


def test_an_output_in_an_input_folder_is_refused_when_it_would_be_read(cli, claims, tmp_path):
    folder = claims.parent
    result = cli("build", folder, "-o", folder / "graph.ttl")
    assert result.exit_code == 1
    assert "is inside the input folder" in result.stderr
    assert not (folder / "graph.ttl").exists()
    assert cli("validate", folder).exit_code == 0  # later runs on the folder still work
    kgx = cli("export", "kgx", folder, "-o", folder / "g.tsv")
    assert kgx.exit_code == 1 and "g_nodes.tsv: is inside the input folder" in kgx.stderr
    # an output mechkg does not read as claims may go there
    page = cli("export", "html", folder, "-o", folder / "page.html")
    assert page.exit_code == 0, page.stderr
    assert cli("validate", folder).exit_code == 0


def test_the_same_output_twice_is_refused(cli, claims, tmp_path):
    out = tmp_path / "p.html"
    result = cli("paths", "a", "b", claims, "-o", out, "--html", out)
    assert result.exit_code == 1 and "named twice as an output" in result.stderr


def test_check_outputs_skips_stdout_and_devices(claims):
    check_outputs(["-", "/dev/stdout", "/dev/null", None], [claims])
    with pytest.raises(OutputConflict):
        check_outputs([claims], [claims.parent])


# ------------------------------------------------------------ special targets


def test_dev_null_stays_a_device():
    before = os.stat("/dev/null")
    with atomic_open("/dev/null") as handle:
        handle.write("discarded")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, stat.S_IMODE(after.st_mode)) == (
        before.st_ino,
        stat.S_IMODE(before.st_mode),
    )


def test_a_fifo_target_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with atomic_open(fifo) as handle:
        handle.write("through the pipe\n")
    reader.join(10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symlink_target_replaces_the_real_file(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.ttl"
    link.symlink_to(real.name)
    with atomic_open(link) as handle:
        handle.write("new")
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_stdout(target, tmp_path):
    out = tmp_path / "out.ttl"
    with open(out, "wb") as stdout:  # stdout redirected to a regular file
        done = subprocess.run(
            [sys.executable, "-m", "mechkg.cli", "build", str(DATA / "thorough.yaml"),
             "-o", target],
            cwd=tmp_path, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("@prefix")
    assert not (tmp_path / "-").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


# ------------------------------------------------------------ special inputs


def test_a_fifo_input_is_refused_not_opened(cli, tmp_path):
    fifo = tmp_path / "claims.yaml"
    os.mkfifo(fifo)
    for args in (("validate", fifo), ("paths", "a", "b", fifo), ("build", tmp_path)):
        result = cli(*args)
        assert result.exit_code == 1
        assert f"{fifo}: is a FIFO (named pipe), not a regular file" in result.stderr


def test_a_fifo_query_file_is_refused(cli, tmp_path):
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    result = cli("query", fifo)
    assert result.exit_code == 2 and "is a FIFO" in result.stderr


def test_a_long_one_line_query_is_a_query(cli, claims):
    text = f'ASK {{ ?s ?p ?o FILTER(STR(?o) != "{"x" * 300}") }}'
    result = cli("query", text, claims)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "true\n"
