"""Text from files and endpoints made safe to print on a terminal.

A terminal obeys control characters: ESC and the C1 controls start sequences that set the
window title, clear the screen or rewrite lines; BEL rings, BS and CR move the cursor back
over what was printed; the bidirectional overrides and isolates reorder what the reader
sees. :func:`visible` replaces each of them with a visible escape, so text from a claims
file, an RDF file or a SPARQL endpoint is printed as it is, not obeyed.

Examples
--------
>>> visible("title\\x1b]0;pwned\\x07 \\u202eevil")
'title\\\\x1b]0;pwned\\\\x07 \\\\u202eevil'
>>> visible("two\\nlines\\tand a tab")
'two\\nlines\\tand a tab'
"""

from __future__ import annotations

import re

__all__ = ["UNPRINTABLE", "BIDI_CONTROLS", "visible", "short", "SHORT"]

#: Most characters of a value (a label, a name) quoted in a message or hint.
SHORT = 60

#: The bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: Characters a terminal would obey rather than show: C0 controls but tab and line feed,
#: DEL, the C1 controls, and the bidirectional controls.
UNPRINTABLE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character of :data:`UNPRINTABLE` written as an escape
    (``\\x1b``, ``\\u202e``); tabs and line breaks are kept."""
    return UNPRINTABLE.sub(_escape, text)


def short(text: str, limit: int = SHORT) -> str:
    """``text`` cut to about ``limit`` characters (an ellipsis marks the cut), for values
    quoted in messages: a 100,000-character label must not make a 1 MB hint.

    >>> short("x" * 100)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
