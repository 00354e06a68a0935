"""Every module's docstring examples run, in the default test run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import mechkg
import mechkg.cli
import mechkg.ontology
import pytest


def _modules() -> list[str]:
    # mechkg.cli and mechkg.ontology live in their own folders (cli/, ontology/), so they
    # are walked on their own.
    names = {"mechkg", "mechkg.cli", "mechkg.ontology"}
    for package in (mechkg, mechkg.cli, mechkg.ontology):
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            names.add(info.name)
    return sorted(n for n in names if not n.endswith("__main__"))


#: Every module of the installed package (``python -m`` entry modules excepted: they run).
MODULES = _modules()


def test_every_module_is_found():
    assert {"mechkg.cli.main", "mechkg.ontology", "mechkg.paths.query", "mechkg.schema"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed (see above)"
