"""What a test does when something it needs is missing: skip locally, fail under CI.

A developer without Chromium, the Oxigraph server or the ``../shared`` folder still gets a
green run of everything else; CI (any non-empty ``CI`` environment variable) installs all
of them, so there a missing one is a broken machine and the test fails with the message.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

__all__ = ["in_ci", "skip_unless_ci"]


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but the empty string."""
    return bool(os.environ.get("CI"))


def skip_unless_ci(message: str) -> NoReturn:
    """Skip the calling test because of ``message``; under CI, fail it instead.

    ``message`` says what is missing and how to get it, e.g. ``"Chromium at
    /usr/bin/chromium (apt-get install -y chromium)"``.
    """
    if in_ci():
        pytest.fail(f"{message} (CI is set, so it must be there)", pytrace=False)
    pytest.skip(message)
