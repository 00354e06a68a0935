"""Helpers for long runs: a dependency-free progress bar drawn on standard error, and a
pause of the cyclic garbage collector while large inputs are read.

The bar draws only when the stream is a terminal, and only once a run has lasted long
enough to be worth watching (one second by default), so short runs, pipes, log files and
test runners see nothing.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeVar

__all__ = ["Progress", "describe", "paused_gc"]

T = TypeVar("T")

_WIDTH = 24


def _count(n: float) -> str:
    """``1234567`` -> ``1.2M``."""
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return f"{n:.0f}"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """A progress bar: ``with Progress("writing out.nt", total=n) as bar: bar.advance()``.

    Parameters
    ----------
    label : str
        What is being done, shown before the bar.
    total : float, optional
        The amount of work (items, bytes ...); without it only the count and rate show.
    unit : str
        Unit of the counts, e.g. ``"B"`` for bytes or ``" claims"``.
    stream : file, optional
        Where to draw; standard error by default.
    enabled : bool, optional
        Force drawing on or off; by default on only when ``stream`` is a terminal and
        ``MECHKG_PROGRESS`` is not ``0``.
    delay : float
        Seconds to wait before the first frame, so short runs stay silent.
    """

    def __init__(
        self,
        label: str,
        total: float | None = None,
        *,
        unit: str = "",
        stream: IO[str] | None = None,
        enabled: bool | None = None,
        delay: float = 1.0,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and os.environ.get("MECHKG_PROGRESS") != "0"
        self.enabled = enabled
        self.done = 0.0
        self._start = time.monotonic()
        self._first = self._start + delay
        self._last_draw = 0.0
        self._drawn = False
        # Check the clock only every ``_step`` units, so advance() stays cheap.
        self._step = max(1.0, (total or 0) / 1000)
        self._check_at = self._step

    def advance(self, n: float = 1) -> None:
        """Record ``n`` more units of work done."""
        self.done += n
        if self.enabled and self.done >= self._check_at:
            self._check_at = self.done + self._step
            self._tick()

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, advancing by one after each."""
        if not self.enabled:
            yield from items
            return
        for item in items:
            yield item
            self.advance()

    def update(self, done: float) -> None:
        """Set the amount of work done so far."""
        self.advance(done - self.done)

    def _tick(self) -> None:
        now = time.monotonic()
        if now < self._first or now - self._last_draw < 0.2:
            return
        self._last_draw = now
        self._draw(now)

    def render(self, now: float | None = None) -> str:
        """The current frame as text (without the leading carriage return)."""
        now = time.monotonic() if now is None else now
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        parts = [self.label]
        if self.total:
            frac = min(1.0, self.done / self.total)
            filled = int(frac * _WIDTH)
            parts.append("[" + "#" * filled + "-" * (_WIDTH - filled) + "]")
            parts.append(f"{frac * 100:3.0f}%")
            parts.append(f"{_count(self.done)}/{_count(self.total)}{self.unit}")
        else:
            parts.append(f"{_count(self.done)}{self.unit}")
        parts.append(f"{_count(rate)}{self.unit}/s")
        if self.total and rate > 0 and self.done < self.total:
            parts.append("ETA " + _duration((self.total - self.done) / rate))
        else:
            parts.append(_duration(elapsed))
        return " ".join(parts)

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.render(now) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar (if one was drawn)."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def describe(action: str, target: Any, fallback: str) -> str:
    """A label like ``writing out.nt``: the file's name, or ``fallback`` for a stream."""
    if isinstance(target, (str, os.PathLike)):
        return f"{action} {Path(target).name}"
    return f"{action} {fallback}"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block.

    Reading a literature-scale input makes millions of objects and no reference cycles;
    each full collection would walk all of them again (about a third of the reading
    time at 100k claims). The objects made in the block join the oldest generation
    when it ends, unwalked (frozen and unfrozen at once), instead of being walked as
    young objects by the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # (objects frozen by others stay frozen)
                gc.freeze()
                gc.unfreeze()
            gc.enable()
