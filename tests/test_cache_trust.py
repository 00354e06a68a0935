"""The path cache decides what queries answer: a folder, file or stamp others may write is
never read."""

from __future__ import annotations

import os
import warnings

import pytest
from mechkg.paths.cache import CacheWarning, load_cached
from mechkg.paths.cachefile import MAGIC

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions only")


def test_new_cache_folder_is_private(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(folder))
    load_cached()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert list(folder.glob("graph-*.mkgc"))


def test_group_writable_folder_is_not_read(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(folder))
    load_cached()
    planted = next(folder.glob("graph-*.mkgc"))
    folder.chmod(0o777)
    planted.write_bytes(b"not a cache")  # anything here could be someone else's pickle
    with pytest.warns(CacheWarning, match="not using the graph cache"):
        index = load_cached()
    assert planted.read_bytes() == b"not a cache"  # neither read nor rewritten
    assert index.entity_ids


def test_group_writable_file_is_rebuilt_not_read(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(folder))
    load_cached()
    target = next(folder.glob("graph-*.mkgc"))
    target.write_bytes(b"garbage")
    target.chmod(0o666)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        index = load_cached()
    assert index.entity_ids
    assert target.read_bytes().startswith(MAGIC)  # replaced by a fresh, trusted file
    assert not target.stat().st_mode & 0o022
