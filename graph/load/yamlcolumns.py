"""A YAML claims file's claims checked a field at a time, for large files.

:func:`yaml_graph` reads one claims file whose claims give only single values (the
fields of :data:`FIELDS`: the edge, the source, the evidence and the free-text and
vocabulary qualifiers, no lists and no context references) and makes its graph without
a claim object per claim on the way: the claims' values are gathered by field, each
distinct value is checked once with the reader's own checks, each distinct name is
resolved once by the loader's own resolver, and the claims are made a field at a time.
Everything else in the file (its sources, entities, base and defaults) is read and
assembled by the reader and the loader themselves.

It never reports a problem. A file it does not handle (one the fast tree reader does not
read, with imports, extensions, chains, lists or references among its claims' values)
or any problem it meets (a bad value, an unknown name, a repeated id or key, a claim
relating an entity to itself ...) makes it return None, and the caller loads the file
the usual way, which reports every problem as it always does. So the problems, and the
graph of a good file, are the same either way.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import MechkgError, Problem
from ..model import Claim, KnowledgeGraph, from_columns
from ..schema import EDGE, FIELDS, REFERENCES, Field
from . import fields as F
from .yamlfast import _DQ, _PLAIN_B, _PLAIN_F, _SQ

__all__ = ["yaml_graph", "FAST_FIELDS"]

#: The claim fields a claim may give to be read here: single values that are text, a
#: vocabulary word, a CURIE, a score, a flag or the claim's source (lists and the
#: context and entity references beside the edge need the reader).
FAST_FIELDS: tuple[Field, ...] = tuple(
    f
    for f in FIELDS["claim"].values()
    if f.yaml is not None
    and not f.many
    and (f.kind not in REFERENCES or f.name in EDGE or f.name == "source")
)
_KEYS = frozenset(f.yaml or f.name for f in FAST_FIELDS)
_ID = FIELDS["claim"]["id"]
#: The fields besides the id and the edge, in the order the reader checks them.
_QUALIFIERS = tuple(f for f in FAST_FIELDS if f.name != "id" and f.name not in EDGE)
_CLAIM_FIELDS = Claim.__dataclass_fields__
#: The keys every claim read here gives: its id and edge.
_NEEDED = frozenset(f.yaml or f.name for f in (_ID, *(FIELDS["claim"][e] for e in EDGE)))
_MISSING = object()


class _Unhandled(Exception):
    """The file needs the reader."""


def yaml_graph(path: Path, display: str, base: str | None = None) -> KnowledgeGraph | None:
    """The graph :func:`mechkg.load` gives of the YAML claims file ``path``, or None when
    it must be read the usual way (see the module docstring)."""
    from ..progress import paused_gc
    from .yamlnodes import YamlProblem

    try:
        with paused_gc():
            return _build(path, display, base)
    except (_Unhandled, MechkgError, YamlProblem, OSError, UnicodeDecodeError, ValueError,
            KeyError, TypeError):  # fmt: skip
        return None


def _build(path: Path, display: str, base: str | None) -> KnowledgeGraph:
    from .assemble import assemble
    from .spec import FileData, Located, Reporter
    from .yaml_reader import read_head
    from .yamlfast import _DOUBT, fast_tree
    from .yamlnodes import _decode, yaml_bytes

    data_bytes = yaml_bytes(path)
    text = _decode(data_bytes)
    if data_bytes.translate(None, _PLAIN_BYTES) and _DOUBT.search(text) is not None:
        raise _Unhandled  # a character the fast reader leaves to the event walk
    first, head, lines = _sections(text)
    body = _Body(first)
    node, end = body.read_flows(lines) or body.read(lines)
    # everything but the claims, which it reads as null (a problem's line would be off
    # past them, but any problem is the reader's to report)
    root = fast_tree(head + "\n".join(lines[end:]))
    if root is None or "claims" not in root or root["claims"] is not None:
        raise _Unhandled
    problems: list[Problem] = []
    rep = Reporter(display, problems)
    data = FileData(display)
    defaults = read_head(rep, root, data)
    if defaults is None or problems or data.imports or data.extensions or data.record_bases:
        raise _Unhandled
    if not node:
        raise _Unhandled  # no claims: the reader says what that means
    if not _KEYS.issuperset(f.yaml or f.name for f in map(_field_named, defaults)):
        raise _Unhandled
    given = {
        name: value.value if isinstance(value, Located) else value
        for name, value in defaults.items()
    }
    columns = node.columns
    kg = assemble([data], problems, base)  # the sources, entities and base, no claims
    if kg is None or any(p.severity == "error" for p in problems):
        raise _Unhandled
    if {e.id for e, _ in data.entities} != kg.entities.keys():
        raise _Unhandled  # entities merged or renamed by their identity: the loader
    n = len(node)
    values: dict[str, list[Any] | tuple[Any]] = {}
    ids = _present(columns.pop("id"))
    if set(map(type, ids)) == {str}:  # the id check, over all of them at once
        if not all(map(F.ID_PATTERN.match, ids)):
            raise _Unhandled
    else:
        ids = [_check(F.checker(_ID), v) for v in ids]
    if len(set(ids)) != n:
        raise _Unhandled
    values["id"] = ids
    names = _Names(kg)
    for name in EDGE:
        f = FIELDS["claim"][name]
        raw = _present(columns.pop(f.yaml or f.name))
        checked = _distinct(F.checker(f), raw)
        if f.kind == "entity":
            values[name] = names.resolve(checked, name)
        else:
            values[name] = checked
    if any(map(str.__eq__, values["subject"], values["object"])):
        raise _Unhandled  # a claim relating an entity to itself
    for f in _QUALIFIERS:
        column = columns.pop(f.yaml or f.name, None)
        none = _unset(f.name)
        default = given.get(f.name, none)
        if column is None:
            values[f.name] = (default,)
            continue
        check = F.checker(f)
        types = set(map(type, column))
        if len(types) == 1 and column[0] is not None and column[0] is not _MISSING:
            values[f.name] = _alike(check, column, default)
            continue
        types.difference_update((type(None), type(_MISSING)))
        if types == {str} or types == {bool}:  # one kind of value (and some not given)
            # each distinct value checked once; not given: the default; null: unset
            lookup = {v: _check(check, v) for v in dict.fromkeys(column) if v is not None
                      and v is not _MISSING}  # fmt: skip
            lookup = {v: default if c is None else c for v, c in lookup.items()}
            lookup[_MISSING], lookup[None] = default, none
            values[f.name] = list(map(lookup.__getitem__, column))
            continue
        seen: dict[tuple[type, Any], Any] = {}
        out = []
        for raw in column:
            if raw is _MISSING:
                out.append(default)
            elif raw is None:  # `key: null` unsets the file's default
                out.append(none)
            else:
                key = _value_key(raw)
                value = seen.get(key, _MISSING)
                if value is _MISSING:
                    value = seen[key] = _check(check, raw)
                out.append(default if value is None else value)
        values[f.name] = out
    _finish(values, kg, n)
    rows = [values[name] if name in values else (_CLAIM_FIELDS[name].default,)
            for name in _CLAIM_FIELDS]  # fmt: skip
    claims = from_columns(Claim, rows, n)
    return KnowledgeGraph(
        entities=kg.entities,
        sources=kg.sources,
        claims=dict(zip(ids, claims, strict=True)),
        base=kg.base,
        record_bases=kg.record_bases,
        origins=kg.origins,
    )


def _unset(name: str) -> Any:
    """The value of a claim's field that is not given: its default (None for a field
    that must be given, which :func:`_finish` finds)."""
    default = _CLAIM_FIELDS[name].default
    return None if default is dataclasses.MISSING else default


def _field_named(name: str) -> Field:
    return FIELDS["claim"][name]


def _present(column: list[Any]) -> list[Any]:
    """A column every claim gives a value in (the id and the edge)."""
    if _MISSING in column or None in column:
        raise _Unhandled
    return column


def _check(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except F.FieldProblem:
        raise _Unhandled from None


def _alike(check: Callable[[Any], Any], column: list[Any], default: Any) -> list[Any]:
    """A column every claim gives a value of one type in, checked (a value the check
    makes None is the default)."""
    if isinstance(check, functools.partial) and check.func is F.check_text:
        # the text check over all of them at once (it gives back each text as it is)
        from .columns import _texts_pass

        if type(column[0]) is str and all(column) and not any(map(str.isspace, column)):
            if _texts_pass(column):
                return column
        raise _Unhandled
    if type(column[0]) is float:  # 0.0 and -0.0 are one key but may check apart
        return [default if (v := _check(check, raw)) is None else v for raw in column]
    checked = {value: _check(check, value) for value in dict.fromkeys(column)}
    if None in checked.values():
        return [default if (v := checked[raw]) is None else v for raw in column]
    return list(map(checked.__getitem__, column))


def _value_key(raw: Any) -> tuple[type, Any]:
    """What a value is remembered by once checked: its type and value (``True`` is not
    ``1``), a float by its text (``0.0`` is not ``-0.0``, which checks apart)."""
    return (float, repr(raw)) if type(raw) is float else (type(raw), raw)


def _distinct(check: Callable[[Any], Any], column: list[Any]) -> list[Any]:
    """``column`` checked, each distinct value (:func:`_value_key`) once."""
    if all(type(v) is str for v in column):  # (the usual column: texts are their own keys)
        checked = {v: _check(check, v) for v in dict.fromkeys(column)}
        if None in checked.values():
            raise _Unhandled
        return list(map(checked.__getitem__, column))
    seen: dict[tuple[type, Any], Any] = {}
    out = []
    for raw in column:
        key = _value_key(raw)
        value = seen.get(key, _MISSING)
        if value is _MISSING:
            value = seen[key] = _check(check, raw)
        if value is None:
            raise _Unhandled
        out.append(value)
    return out


class _Names:
    """Each distinct entity name of the claims resolved once, as the loader resolves a
    claim's names in a file loaded alone."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.resolver: Any = None

    def resolve(self, names: list[str], what: str) -> list[str]:
        ids = self.kg.entities
        found: dict[str, str] = {}
        for name in dict.fromkeys(names):
            found[name] = name if name in ids else self._lookup(name, what)
        return [found[name] for name in names] if any(k != v for k, v in found.items()) else names

    def _lookup(self, name: str, what: str) -> str:
        from .scope import Resolver
        from .spec import Located, Reporter

        if self.resolver is None:
            self.resolver = Resolver(self.kg.entities, self.kg.sources, {})
        problems: list[Problem] = []
        found = self.resolver.entity(Reporter("", problems), Located(name, None), None, what)
        if found is None or problems:
            raise _Unhandled
        return str(found)


def _finish(values: dict[str, Any], kg: KnowledgeGraph, n: int) -> None:
    """The claims' sources checked to be the file's, required qualifiers given, and a
    quote's language dropped where there is no quote (as the loader does)."""
    sources = values["source"]
    if not set(sources).issubset(kg.sources):
        raise _Unhandled
    for f in _QUALIFIERS:
        if f.required and None in values[f.name]:
            raise _Unhandled
    quotes, langs = values["quote"], values["quote_lang"]
    if None in quotes and langs != (None,):
        if len(quotes) == 1:  # no quote at all
            values["quote_lang"] = (None,)
        else:
            each = langs if len(langs) == n else langs * n
            values["quote_lang"] = [
                lang if quote is not None else None
                for lang, quote in zip(each, quotes, strict=True)
            ]


#: The bytes of a file the fast reader reads without a second look: printable ASCII and
#: the line feed (a file with others is searched for the characters it leaves alone).
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\n"
#: The top-level ``claims:`` line (a plain key with no value on its line).
_CLAIMS_LINE = re.compile(r"claims:(?:\x20*|\x20+#.*)")


def _sections(text: str) -> tuple[int, str, list[str]]:
    """Where the claims start in ``text`` (after the top-level ``claims:`` line): the
    number of their first line, the text before them and its lines from there on."""
    at = 0 if text.startswith("claims:") else text.find("\nclaims:") + 1
    if not at and not text.startswith("claims:"):
        raise _Unhandled  # no claims: the reader says what that means
    if text.count("\nclaims:") + text.startswith("claims:") != 1:
        raise _Unhandled  # `claims:` twice, a duplicate key the reader reports
    start = text.find("\n", at) + 1
    if not start or _CLAIMS_LINE.fullmatch(text, at, start - 1) is None:
        raise _Unhandled  # claims on the key's line (a flow list), or none
    return text.count("\n", 0, start) + 1, text[:start], text[start:].split("\n")


class _Claims:
    """The claims of a file as columns: key -> each claim's value (``_MISSING`` where a
    claim gives none)."""

    def __init__(self, columns: dict[str, list[Any]], n: int) -> None:
        self.columns = columns
        self.n = n

    def __len__(self) -> int:
        return self.n


class _Body:
    """The claims' lines of a file read into columns, for the two shapes claims are
    written in: a block mapping per claim (``- key: value`` then ``  key: value``) or a
    flow mapping on one line (``- {key: value, ...}``), each value one scalar. Lines of
    either kind may mix; comments and blank lines are skipped. Each line is read as the
    fast tree reader reads it (:mod:`mechkg.load.yamlfast`), its key part and value part
    looked at once per distinct text; anything else raises _Unhandled."""

    def __init__(self, first: int) -> None:
        from .yamlfast import _Reader

        self.first = first
        self.reader = _Reader()
        #: key part of a line -> (dash's indentation or -1, key's column, key)
        self.key_parts: dict[str, tuple[int, int, str]] = {}
        #: value part of a line -> its value
        self.value_parts: dict[str, Any] = {}
        #: a line of a claim (not its first) -> (key's column, key, value)
        self.same_lines: dict[str, tuple[int, str, Any]] = {}
        #: a pair of a flow mapping cut by read_flows -> its key, and its value
        self.piece_keys: dict[str, str] = {}
        self.piece_values: dict[str, Any] = {}
        #: a claim's keys, in order, checked once
        self.shapes: dict[tuple[str, ...], int] = {}

    def read(self, lines: list[str]) -> tuple[_Claims, int]:
        """The claims of ``lines`` (those after ``claims:``) and the number of lines
        they take (up to the next top-level key, or all)."""
        from .yamlfast import _GiveUp

        claims: list[tuple[int, tuple[Any, ...]]] = []  # (shape number, values)
        keys: list[str] = []
        vals: list[Any] = []
        key_parts, value_parts = self.key_parts, self.value_parts
        dash_at = -1  # the claims' dashes' indentation
        column = -1  # the key column of the claim being read
        end = len(lines)
        same_lines = self.same_lines
        typed = self.reader.typed_first
        shapes = self.shapes
        try:
            for i, line in enumerate(lines):
                hit = same_lines.get(line)
                if hit is not None and hit[0] == column:  # a line seen before, in a claim
                    keys.append(hit[1])
                    vals.append(hit[2])
                    continue
                kp, sep, vp = line.partition(": ")
                part = key_parts.get(kp) if sep else None
                if part is None:
                    if line[:1] not in _IN_CLAIMS:
                        end = i  # the next top-level key
                        break
                    rest = line.lstrip(" ")
                    if not rest or rest[0] == "#":
                        continue  # a blank line or a comment
                    part = (self._key_part(kp) if sep else None) or _FLOW
                if part is _FLOW:  # a flow mapping (or not read here: _flow says so)
                    if keys:
                        claims.append(self._claim(tuple(keys), tuple(vals)))
                        keys = []
                    indent, flow_keys, flow_vals = self._flow(line, self.first + i)
                    if indent != dash_at:
                        if dash_at != -1:
                            raise _Unhandled
                        dash_at = indent
                    claims.append(self._claim(flow_keys, flow_vals))
                    column = -1
                    continue
                value = value_parts.get(vp, _MISSING)
                if value is _MISSING:
                    if vp.isalnum() and vp.isascii() and typed is not None and vp[0] not in typed:
                        value = vp  # a plain scalar no resolver looks at (an id): text
                    elif vp[:1] == '"' == vp[-1:] and vp.count('"') == 2 and "\\" not in vp:
                        value = vp[1:-1]  # double-quoted, no escape and nothing after it
                    else:
                        value = self._value(vp)
                dash, at, key = part
                if dash < 0:
                    if at != column:
                        raise _Unhandled
                    keys.append(key)
                    vals.append(value)
                    if len(same_lines) < _SAME_LINES:
                        same_lines[line] = (at, key, value)
                    continue
                if dash != dash_at:  # a claim's first line
                    if dash_at != -1:
                        raise _Unhandled
                    dash_at = dash
                if keys:
                    shape = tuple(keys)
                    number = shapes.get(shape)
                    if number is None:
                        number = self._claim(shape, ())[0]
                    claims.append((number, tuple(vals)))
                keys, vals, column = [key], [value], at
        except _GiveUp:
            raise _Unhandled from None
        if keys:
            claims.append(self._claim(tuple(keys), tuple(vals)))
        return self._columns(claims), end

    def read_flows(self, lines: list[str]) -> tuple[_Claims, int] | None:
        """As :meth:`read`, when every claim is written ``- {key: value, ...}`` on a line
        of its own at one indentation, with plain and double-quoted values without
        escapes, between blank lines and comments (None otherwise: :meth:`read` reads
        them line by line). The lines are cut a whole section at a time: at the quotes,
        at the line ends and at ', '."""
        from .yamlfast import _GiveUp

        first = next((line for line in lines if _content(line)), "")
        if not first.lstrip(" ").startswith("- {"):
            return None  # block mappings: read line by line
        end = next((i for i, line in enumerate(lines) if line[:1] not in _IN_CLAIMS), len(lines))
        section = [line for line in lines[:end] if _content(line)]  # no blank or comment
        indent = len(section[0]) - len(section[0].lstrip(" "))
        prefix = section[0][:indent] + "- {"
        if not section[-1].startswith(prefix):
            return None
        text = "\n".join(section)
        if "\\" in text or "\x01" in text:
            return None
        segments = text.split('"')
        quoted = segments[1::2]
        if not len(segments) % 2 or "\n" in "".join(quoted):
            return None  # an unclosed quote, or one over several lines
        rows = "\x01".join(segments[::2]).split("\n")  # \x01: a quoted value
        n = len(rows)
        if (
            sum(map(operator.methodcaller("startswith", prefix), rows)) != n
            or sum(map(operator.methodcaller("endswith", "}"), rows)) != n
        ):
            return None
        cut = len(prefix)
        bodies = [row[cut:-1] for row in rows]
        if n >= (_COLUMNS_MIN if "pyarrow.compute" in sys.modules else _COLUMNS_MIN_COLD):
            try:
                by_column = self._columns_of_pairs(bodies, quoted)
            except _GiveUp:
                raise _Unhandled from None
            if by_column is not None:
                return by_column, end
        sizes = [k + 1 for k in map(_SEPARATORS, bodies)]  # each claim's pairs
        pieces = ", ".join(bodies).split(", ")
        key_of, value_of = self.piece_keys, self.piece_values
        try:
            typed = self.reader.typed_first
            for piece in set(pieces).difference(key_of):  # each distinct piece read once
                key, sep, token = piece.partition(": ")
                if not sep or key not in _KEYS:
                    return None
                if (
                    token.isalnum()
                    and token.isascii()
                    and typed is not None
                    and (token[0] not in typed)
                ):
                    value: Any = token  # a plain scalar no resolver looks at: text
                else:
                    value = self._flow_value(token)
                    if value is _MISSING:
                        return None
                key_of[piece] = key
                value_of[piece] = value
        except _GiveUp:
            raise _Unhandled from None
        keys = list(map(key_of.__getitem__, pieces))
        given = list(map(value_of.__getitem__, pieces))
        is_quoted = map(operator.is_, given, itertools.repeat(_QUOTED))
        at_quotes = list(itertools.compress(range(len(given)), is_quoted))
        if len(at_quotes) != len(quoted):
            return None
        _fill(given, at_quotes, quoted)
        m = sizes[0]
        if sizes.count(m) == n:  # m pairs in every claim ...
            shape = tuple(keys[:m])
            if all(keys[j::m].count(k) == n for j, k in enumerate(shape)):  # ... the same
                self._claim(shape, ())  # (the keys checked)
                return _Claims({k: given[j::m] for j, k in enumerate(shape)}, n), end
        claims = []
        start = 0
        shapes = self.shapes
        for stop in itertools.accumulate(sizes):
            shape = tuple(keys[start:stop])
            number = shapes.get(shape)
            if number is None:
                number = self._claim(shape, ())[0]
            claims.append((number, tuple(given[start:stop])))
            start = stop
        return self._columns(claims), end

    def _columns_of_pairs(self, bodies: list[str], quoted: list[str]) -> _Claims | None:
        """The claims of :meth:`read_flows` (``bodies``: each one's text between its
        ``- {`` and its ``}``, its quoted texts ``\\x01``; ``quoted``: those texts, in
        file order) cut into their pairs, keys and values by Arrow, each distinct value
        read once, each key's values put at their claims' rows at once. None when a pair
        is not ``key: value`` or a value is not one read here (:meth:`read_flows` then
        reads them pair by pair and says no)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from .columns import _numpy

        n = len(bodies)
        # the claims as one text, cut at the line ends by Arrow (Arrow's conversion of a
        # list of texts would import pandas where it is installed)
        data = "\n".join(bodies).encode("utf-8")
        ends = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
        text = pa.Array.from_buffers(pa.large_string(), 1, [None, ends, pa.py_buffer(data)])
        claims = pc.split_pattern(text, pattern="\n").flatten()
        if len(claims) != n:
            return None
        pairs = pc.split_pattern(claims, pattern=", ")
        per_claim = _numpy(pc.list_value_length(pairs))
        halves = pc.split_pattern(pairs.flatten(), pattern=": ", max_splits=1)
        if not bool((_numpy(pc.list_value_length(halves)) == 2).all()):
            return None  # a pair without its ': '
        flat = halves.flatten()  # key, value, key, value ...
        keys = flat[0::2].dictionary_encode()
        tokens = flat[1::2].dictionary_encode()
        names = keys.dictionary.to_pylist()
        if not _KEYS.issuperset(names):
            return None
        typed = self.reader.typed_first
        values: list[Any] = []
        for token in tokens.dictionary.to_pylist():  # each distinct value read once
            if token.isalnum() and token.isascii() and typed is not None and token[0] not in typed:
                values.append(token)  # a plain scalar no resolver looks at: text
            elif (value := self._flow_value(token)) is not _MISSING:
                values.append(value)
            else:
                return None
        token_of = _numpy(tokens.indices)
        given = np.empty(len(values), dtype=object)
        given[:] = values
        given = given[token_of]  # each pair's value
        quoted_at: Any = []
        if _QUOTED in values:
            quoted_at = np.flatnonzero(token_of == values.index(_QUOTED))
        if len(quoted_at) != len(quoted):
            return None
        if quoted:
            given[quoted_at] = quoted
        key_of = _numpy(keys.indices)
        row = np.repeat(np.arange(n), per_claim)  # each pair's claim
        codes, firsts = np.unique(key_of, return_index=True)
        columns: dict[str, list[Any]] = {}
        for code in codes[np.argsort(firsts)].tolist():  # the keys in order of first use
            name = names[code]
            at = np.flatnonzero(key_of == code)
            rows = row[at]
            if len(rows) > 1 and bool((rows[1:] == rows[:-1]).any()):
                return None  # a key twice in a claim
            if len(rows) == n:
                columns[name] = given[at].tolist()
            elif name in _NEEDED:
                return None  # a claim without its id or edge
            else:
                column = np.full(n, _MISSING, dtype=object)
                column[rows] = given[at]
                columns[name] = column.tolist()
        if not _NEEDED.issubset(columns):
            return None  # no claim gives its id or edge
        return _Claims(columns, n)

    def _flow_value(self, token: str) -> Any:
        """The value of a pair's text after its ': ' as :meth:`read_flows` cuts it: a
        plain scalar's value, :data:`_QUOTED` for ``\\x01`` (a quoted text), or
        ``_MISSING`` when it is neither (the pair is not read here)."""
        if token == "\x01":
            return _QUOTED
        if "\x01" in token or _FLOW_PLAIN_WHOLE.fullmatch(token) is None:
            return _MISSING
        return self.reader.scalar(token)

    def _key_part(self, kp: str) -> tuple[int, int, str] | None:
        """``(dash's indentation or -1, key's column, key)`` of a line's text before its
        first ': ', :data:`_FLOW` when it starts a flow mapping, or None when it is not a
        key read here."""
        m = _KEY_PART.fullmatch(kp)
        if m is None:
            if _FLOW_KEY_PART.fullmatch(kp) is None:
                return None
            self.key_parts[kp] = _FLOW
            return _FLOW
        key = m.group("key")
        if key not in _KEYS:
            return None
        dash = m.start("dash") if m.group("dash") is not None else -1
        part = (dash, m.start("key"), key)
        self.key_parts[kp] = part
        return part

    def _value(self, vp: str) -> Any:
        """The value of a line's text after its key's ': '."""
        if vp.isalnum() and vp.isascii():  # a plain scalar, whole (an id, a word)
            value = self.reader.scalar(vp)
        elif len(vp) > 1 and vp[0] == vp[-1] == '"' and '"' not in vp[1:-1] and "\\" not in vp:
            value = vp[1:-1]  # double-quoted, no escape and nothing after it
        else:
            m = _VALUE_PART.match(vp)
            if m is None:
                raise _Unhandled  # a flow collection, a value on the lines below, not YAML
            value = self.reader.scalar(m.group(1))
        self.value_parts[vp] = value
        return value

    def _flow(self, line: str, lineno: int) -> tuple[int, tuple[str, ...], tuple[Any, ...]]:
        """The indentation, keys and values of a claim written ``- {key: value, ...}`` on
        one line."""
        from .yamlnodes import LMap

        rest = line.lstrip(" ")
        if not rest.startswith("- {"):
            raise _Unhandled
        indent = len(line) - len(rest)
        node = self.reader.flow_line(line, indent + 2, lineno, 2)  # exact, whatever it holds
        if type(node) is not LMap or node.duplicates or not node:
            raise _Unhandled
        if any(isinstance(value, (list, dict)) for value in node.values()):
            raise _Unhandled  # a list or mapping where one value goes: the reader
        return indent, tuple(node), tuple(node.values())

    def _claim(self, keys: tuple[str, ...], vals: tuple[Any, ...]) -> tuple[int, tuple[Any, ...]]:
        number = self.shapes.get(keys)
        if number is None:
            if (
                len(set(keys)) != len(keys)
                or not _NEEDED.issubset(keys)
                or not _KEYS.issuperset(keys)
            ):
                raise _Unhandled  # a repeated key, or no id or edge: the reader says so
            number = self.shapes[keys] = len(self.shapes)
        return number, vals

    def _columns(self, claims: list[tuple[int, tuple[Any, ...]]]) -> _Claims:
        """The claims' values by key: each claim's values put in the order of all the
        keys (``_MISSING`` for those it does not give), then taken a key at a time."""
        n = len(claims)
        shapes = list(self.shapes)
        if not n:
            return _Claims({}, 0)
        if len(shapes) == 1:  # every claim gives the same keys in the same order
            rows: Any = (values for _, values in claims)
            keys: list[str] = list(shapes[0])
        else:
            keys = list(dict.fromkeys(k for shape in shapes for k in shape))
            wide = []  # of each shape: its values (and a _MISSING last) in the order of keys
            for shape in shapes:
                at = {k: i for i, k in enumerate(shape)}
                wide.append(operator.itemgetter(*(at.get(k, len(shape)) for k in keys)))
            missing = (_MISSING,)
            rows = (wide[number](values + missing) for number, values in claims)
        columns = zip(*rows, strict=True)
        return _Claims(dict(zip(keys, map(list, columns), strict=True)), n)


def _fill(given: list[Any], at: list[int], values: list[str]) -> None:
    """Put ``values`` (the quoted texts) at the positions ``at`` of ``given``."""
    for k, value in zip(at, values, strict=True):
        given[k] = value


def _content(line: str) -> bool:
    """Whether ``line`` is neither blank nor a comment."""
    rest = line.lstrip(" ")
    return bool(rest) and rest[0] != "#"


#: The first characters of a claim's line, a comment's or a blank one.
_IN_CLAIMS = frozenset(("", " ", "-", "#"))
#: Claims from which :meth:`_Body.read_flows` cuts them with Arrow (fewer: in Python),
#: once Arrow is imported; before, from as many as pay for its import (about 0.1 s, what
#: cutting some 20k claims in Python takes).
_COLUMNS_MIN = 2000
_COLUMNS_MIN_COLD = 20_000
#: The ', ' between the pairs of a flow mapping.
_SEPARATORS = operator.methodcaller("count", ", ")
#: A quoted value among the pieces of :meth:`_Body.read_flows`.
_QUOTED = object()
#: Most distinct lines remembered whole.
_SAME_LINES = 100_000
#: The text of a line before its first ': ' when it is a block mapping's key (a plain
#: key, after a claim's dash or not).
_KEY_PART = re.compile(r"(?P<ind>\x20*)(?P<dash>-\x20+)?(?P<key>[a-z_]+)")
#: ... and when it starts a flow mapping after a claim's dash.
_FLOW_KEY_PART = re.compile(r"\x20*-\x20\{[a-z_]+")
#: The key part of a flow mapping's line.
_FLOW = (-2, -2, "")
#: A value after its key's ': ' (a plain, single- or double-quoted scalar and an end of
#: line comment), as the fast tree reader reads one.
_VALUE_PART = re.compile(rf"\x20*({_PLAIN_B}|{_DQ}|{_SQ})\x20*(?:(?<=\x20)#.*)?\Z")
#: A plain scalar of a flow mapping, whole.
_FLOW_PLAIN_WHOLE = re.compile(_PLAIN_F)
