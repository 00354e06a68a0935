"""A fast reader for the shapes claims files are written in, exact or not at all.

:func:`fast_tree` reads the common subset of YAML that claims files use, one line at a
time: block mappings and sequences (including the compact ``- key: value`` and a sequence
at its key's indentation), single-line flow mappings and sequences, plain, single-quoted
and double-quoted scalars on one line, comments and blank lines. It builds the same
:class:`~mechkg.load.yamlnodes.LMap` / :class:`~mechkg.load.yamlnodes.LList` tree as the
event walk of :func:`~mechkg.load.yamlnodes.read_yaml`: the same values of the same types,
the same line of every mapping, sequence, key and item, the same duplicate keys.

It never reports a problem. On anything outside that subset, or that it cannot be sure to
read exactly as the event walk does (anchors, aliases, tags, block and multi-line scalars,
multi-line flow collections, escapes it does not know, tabs, carriage returns, control or
unusual line-break characters, document markers and directives, ``?`` keys, keys that are
not text, plain scalars starting with an indicator, deep nesting, over-long keys), it
returns None and the caller reads the whole file with the event walk, which gives the
located error if there is one. Plain scalars are typed by PyYAML's own resolver (the one
the safe loader uses) and converted by the same rules, once per distinct scalar.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yamlnodes import _ALLOWED_TAGS, LList, LMap, _Loader, _scalar

__all__ = ["fast_tree", "FAST_MAX_DEPTH"]

#: Deepest nesting the fast reader accepts; deeper files go to the event walk, which
#: enforces :data:`~mechkg.load.yamlnodes.MAX_DEPTH`.
FAST_MAX_DEPTH = 40
#: libyaml refuses an implicit key longer than 1024 characters; leave those to it (the
#: spaces before the colon count: at most 16 are read here).
_MAX_KEY = 1000

# Any character the fast reader does not read itself: controls (tab and carriage return
# included), DEL, the C1 range (NEL is a YAML line break), surrogates, the byte-order mark,
# U+2028/U+2029 (YAML line breaks) and the non-characters U+FFFE/U+FFFF.
_DOUBT = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# A plain scalar's first character: no indicator, except '-' before a letter or digit.
_FIRST = r"(?:[^\x20\-?:,\[\]{}#&*!|>'\"%@`]|-(?=[0-9A-Za-z._]))"
# Block context: ': ' and ' #' end the scalar, trailing spaces are not part of it.
_PLAIN_B = _FIRST + r"(?:[^\x20:]++|:(?=[^\x20])|\x20++(?=[^\x20#:]|:[^\x20]))*+"
# Flow context: ',[]{}' end it too.
_NOT_F = r"\x20,\[\]{}"
_PLAIN_F = _FIRST + rf"(?:[^{_NOT_F}:]++|:(?=[^{_NOT_F}])|\x20++(?=[^{_NOT_F}#:]|:[^{_NOT_F}]))*+"
_DQ = r'"(?:[^"\\]++|\\.)*+"'
_SQ = r"'(?:[^']++|'')*+'"

#: One content line of block style: indentation, ``- `` entry, ``key:``, a scalar value
#: or the start of a flow collection, a comment.
_LINE = re.compile(
    r"(?P<ind>\x20*)"
    r"(?P<dash>-(?:\x20+|(?=\Z)))?"
    rf"(?:(?P<key>{_PLAIN_B}|{_DQ}|{_SQ})\x20{{0,16}}:(?:\x20+|(?=\Z)))?"
    rf"(?:(?P<val>{_PLAIN_B}|{_DQ}|{_SQ})|(?P<flow>[\[{{].*))?"
    r"\x20*(?:(?<=\x20)#.*)?\Z"
)
_FLOW_PLAIN = re.compile(_PLAIN_F)
_FSCALAR = rf"(?:{_PLAIN_F}|{_DQ}|{_SQ})"
#: A flow mapping of scalars only (the bulk writer's claim), checked whole ...
_FLAT = re.compile(
    rf"\{{\x20*{_FSCALAR}\x20{{0,16}}:\x20+{_FSCALAR}\x20*"
    rf"(?:,\x20*{_FSCALAR}\x20{{0,16}}:\x20+{_FSCALAR}\x20*)*\}}"
)
#: The same mapping cut at its scalars (whose separators are then checked).
_SCALAR_SPLIT = re.compile(f"({_FSCALAR})")
_ONLY_COLONS = frozenset([": "])
_ONLY_COMMAS = frozenset([", "])
#: ... then cut into its pairs.
_PAIR = re.compile(rf"[{{,]\x20*({_FSCALAR})\x20{{0,16}}:\x20+({_FSCALAR})")
_DQ_RE = re.compile(_DQ)
_SQ_RE = re.compile(_SQ)
_TAIL = re.compile(r"\x20*(?:(?<=\x20)#.*)?\Z")
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
#: The one-character escapes of a double-quoted scalar (YAML 1.1, as libyaml reads them).
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_PLAIN_TAGS = _ALLOWED_TAGS - {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


_MISSING = object()


class _GiveUp(Exception):
    """Not certain: read the file with the event walk."""


def _unescape(match: re.Match[str]) -> str:
    hexa = match.group(1) or match.group(2) or match.group(3)
    if hexa is not None:
        code = int(hexa, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise _GiveUp
        return chr(code)
    try:
        return _ESCAPES[match.group(4)]
    except KeyError:
        raise _GiveUp from None


class _Reader:
    """One file's fast read (see the module docstring)."""

    def __init__(self) -> None:
        #: scalar as written (quotes included) -> its value, read once
        self.scalars: dict[str, Any] = {}
        #: scalar as written -> its value, for those that may be keys
        self.keys: dict[str, str] = {}
        # the event walk's loader types plain scalars: its resolvers, as they are now
        if _Loader.yaml_path_resolvers:  # typed by where they are: left to the event walk
            raise _GiveUp
        self.resolver = yaml.resolver.Resolver()
        implicit = _Loader.yaml_implicit_resolvers
        self.resolver.yaml_implicit_resolvers = implicit
        #: first characters of the plain scalars some resolver looks at (None: all are)
        self.typed_first: dict[Any, Any] | None = None if None in implicit else implicit

    def scalar(self, token: str) -> Any:
        try:
            return self.scalars[token]
        except KeyError:
            pass
        first = token[0]
        body = token[1:-1]
        value: Any
        if first == "'":
            value = body.replace("''", "'")
        elif first == '"':
            value = _ESCAPE.sub(_unescape, body) if "\\" in body else body
        elif self.typed_first is not None and first not in self.typed_first:
            value = token  # no resolver looks at it: text
        else:
            tag = self.resolver.resolve(yaml.ScalarNode, token, (True, False))
            if tag not in _PLAIN_TAGS:  # merge keys, '=' values: the event walk says why
                raise _GiveUp
            value = _scalar(tag, token)
        self.scalars[token] = value
        return value

    def key(self, token: str) -> str:
        try:
            return self.keys[token]
        except KeyError:
            pass
        if len(token) > _MAX_KEY:
            raise _GiveUp
        key = self.scalar(token)
        if not isinstance(key, str):  # numbers, booleans, null as keys: the event walk
            raise _GiveUp
        self.keys[token] = key
        return key

    def put(self, node: LMap, key: str, token: str, line: int) -> None:
        """Set ``node``'s ``key`` (a key token) to the scalar ``token`` of ``line``, as
        the event walk does: a repeated key is kept among the mapping's duplicates."""
        name = self.keys.get(key)
        if name is None:
            name = self.key(key)
        value = self.scalars.get(token, _MISSING)
        if value is _MISSING:  # (read even for a repeated key: it may not be YAML)
            value = self.scalar(token)
        if name in node:
            node.duplicates.append((name, line))
        else:
            node[name] = value
            node.key_lines[name] = line

    def flow(self, text: str, pos: int, line: int, depth: int) -> tuple[Any, int]:
        """The flow node at ``text[pos]`` and the position after it."""
        if depth > FAST_MAX_DEPTH:
            raise _GiveUp
        first = text[pos : pos + 1]
        if first != "{" and first != "[":
            match = self.flow_scalar(text, pos)
            return self.scalar(match.group()), match.end()
        mapping = _new_map(line) if first == "{" else None
        sequence = _new_list(line) if mapping is None else None
        close = "}" if mapping is not None else "]"
        pos = _skip(text, pos + 1)
        if text[pos : pos + 1] != close:
            while True:
                if mapping is not None:
                    match = self.flow_scalar(text, pos)
                    key = self.key(match.group())
                    pos = _skip(text, match.end())
                    if text[pos : pos + 2] != ": " or pos - match.start() > _MAX_KEY:
                        raise _GiveUp
                    value, pos = self.flow(text, _skip(text, pos + 2), line, depth + 1)
                    _set(mapping, key, value, line)
                elif sequence is not None:
                    value, pos = self.flow(text, pos, line, depth + 1)
                    sequence.append(value)
                    sequence.item_lines.append(line)
                pos = _skip(text, pos)
                sep = text[pos : pos + 1]
                if sep == close:
                    break
                if sep != ",":
                    raise _GiveUp
                pos = _skip(text, pos + 1)
                if text[pos : pos + 1] in ("]", "}", ","):  # a trailing or empty entry
                    raise _GiveUp
        return (mapping if mapping is not None else sequence), pos + 1

    @staticmethod
    def flow_scalar(text: str, pos: int) -> re.Match[str]:
        first = text[pos : pos + 1]
        pattern = _DQ_RE if first == '"' else _SQ_RE if first == "'" else _FLOW_PLAIN
        match = pattern.match(text, pos)
        if match is None:
            raise _GiveUp
        return match

    def flow_line(self, text: str, pos: int, line: int, depth: int) -> Any:
        """The flow collection starting at ``text[pos]``, which must end the line."""
        pairs: Any = None
        # `{k: v, k: v}` to the end of the line, written as the bulk writer does: the
        # scalars with exactly ": ", ", " and the braces between them
        parts = _SCALAR_SPLIT.split(text[pos:])
        if (
            len(parts) % 4 == 1
            and parts[0] == "{"
            and parts[-1] == "}"
            and _ONLY_COLONS.issuperset(parts[2::4])
            and _ONLY_COMMAS.issuperset(parts[4:-1:4])
        ):
            pairs = zip(parts[1::4], parts[3::4], strict=True)
        else:
            flat = _FLAT.match(text, pos)
            if flat is not None:
                end = flat.end()
                if end == len(text) or _TAIL.match(text, end) is not None:
                    pairs = _PAIR.findall(text, pos, end)
        if pairs is not None:
            node = _new_map(line)
            put = self.put
            for key, token in pairs:
                put(node, key, token, line)
            return node
        value, pos = self.flow(text, pos, line, depth)
        if _TAIL.match(text, pos) is None:
            raise _GiveUp
        return value

    def run(self, text: str) -> Any:
        # frames: [indent, node, is_map, indentless]
        stack: list[list[Any]] = []
        root: LMap | None = None
        #: the key (mapping) or entry (sequence) of the top frame still waiting for a value
        pending = False
        pending_key = ""
        pending_line = 0
        lineno = 0
        match_line = _LINE.match
        #: the top frame's indentation and mapping, when it is a mapping (else -1)
        top_map = _new_map(0)
        top_map_indent = -1
        for text_line in text.split("\n"):
            lineno += 1
            m = match_line(text_line)
            if m is None:
                if text_line.lstrip(" ")[:1] == "#":
                    continue
                raise _GiveUp
            ind, dash, key, val, flow = m.groups()
            if key is None:
                if dash is None and val is None and flow is None:
                    continue  # a blank line or a comment
            elif val is not None and dash is None and not pending and len(ind) == top_map_indent:
                # the common line, `key: scalar` in the mapping being read
                self.put(top_map, key, val, lineno)
                continue
            indent = len(ind)
            if root is None:
                if indent or dash or key is None:
                    raise _GiveUp
                root = _new_map(lineno)
                stack.append([0, root, True, False])
            top = stack[-1]
            opened = False
            if pending:
                pending = False
                top_indent = top[0]
                nested = indent > top_indent or (
                    indent == top_indent and dash is not None and top[2]
                )
                if nested:
                    if dash is not None:
                        child: LMap | LList = _new_list(lineno)
                        frame = [indent, child, False, indent == top_indent]
                    elif key is not None:
                        child = _new_map(lineno)
                        frame = [indent, child, True, False]
                    else:  # a scalar on the next line, a multi-line scalar
                        raise _GiveUp
                    if top[2]:
                        _set(top[1], pending_key, child, pending_line)
                    else:
                        top[1].append(child)
                        top[1].item_lines.append(lineno)
                    stack.append(frame)
                    if len(stack) > FAST_MAX_DEPTH:
                        raise _GiveUp
                    top = frame
                    opened = True
                elif top[2]:
                    _set(top[1], pending_key, None, pending_line)
                else:
                    top[1].append(None)
                    top[1].item_lines.append(pending_line)
            if not opened:
                while top[0] > indent or (top[3] and top[0] == indent and dash is None):
                    stack.pop()
                    if not stack:
                        raise _GiveUp
                    top = stack[-1]
                if top[0] != indent:
                    raise _GiveUp
            if top[2]:  # a mapping's line: `key: value`
                if dash is not None or key is None:
                    raise _GiveUp
                node: Any = top[1]
            else:  # a sequence's line: `- ...`
                if dash is None:
                    raise _GiveUp
                seq = top[1]
                if key is None:
                    if val is not None:
                        seq.append(self.scalar(val))
                        seq.item_lines.append(lineno)
                    elif flow is not None:
                        seq.append(self.flow_line(text_line, m.start("flow"), lineno, len(stack)))
                        seq.item_lines.append(lineno)
                    elif text_line[m.end("dash") :].lstrip(" ")[:1] in ("", "#"):
                        pending, pending_line = True, lineno
                    else:  # `- - x` and anything else after the dash
                        raise _GiveUp
                    top_map_indent = -1
                    continue
                node = _new_map(lineno)
                seq.append(node)
                seq.item_lines.append(lineno)
                top = [m.start("key"), node, True, False]
                stack.append(top)
                if len(stack) > FAST_MAX_DEPTH:
                    raise _GiveUp
            name = self.key(key)
            if val is not None:
                _set(node, name, self.scalar(val), lineno)
            elif flow is not None:
                _set(
                    node,
                    name,
                    self.flow_line(text_line, m.start("flow"), lineno, len(stack)),
                    lineno,
                )
            else:
                pending, pending_key, pending_line = True, name, lineno
            top_map, top_map_indent = top[1], top[0]  # a mapping's line leaves it on top
        if root is None:
            raise _GiveUp
        if pending:
            top = stack[-1]
            if top[2]:
                _set(top[1], pending_key, None, pending_line)
            else:
                top[1].append(None)
                top[1].item_lines.append(pending_line)
        return root


def _skip(text: str, pos: int) -> int:
    """The position of the first non-space at or after ``pos``."""
    while text[pos : pos + 1] == " ":
        pos += 1
    return pos


def _new_map(line: int) -> LMap:
    node = LMap()
    node.line = line
    node.key_lines = {}
    node.duplicates = []
    return node


def _new_list(line: int) -> LList:
    node = LList()
    node.line = line
    node.item_lines = []
    return node


def _set(node: LMap, key: str, value: Any, line: int) -> None:
    if key in node:  # keep the first; the reader reports the repeat
        node.duplicates.append((key, line))
    else:
        node[key] = value
        node.key_lines[key] = line


def fast_tree(text: str) -> Any:
    r"""The tree :func:`~mechkg.load.yamlnodes.read_yaml` builds from ``text`` (a decoded
    file), or None when the fast reader is not certain to build exactly that.

    Examples
    --------
    >>> tree = fast_tree("mechkg: 1\nclaims:\n  - {id: c1, negated: yes, date: 2025-08-10}\n")
    >>> tree["claims"][0], tree["claims"].item_lines
    ({'id': 'c1', 'negated': True, 'date': '2025-08-10'}, [3])
    >>> fast_tree("mechkg: 1\nbase: &b x\n") is None  # an anchor: left to the event walk
    True
    """
    if _DOUBT.search(text) is not None:
        return None
    try:
        return _Reader().run(text)
    except _GiveUp:
        return None
