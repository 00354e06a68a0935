"""Safe YAML reading that keeps line numbers.

PyYAML's safe *parser* turns the text into a stream of events without constructing any
Python object from tags; this module builds plain dicts, lists and scalars from that stream,
iteratively (no recursion, so no nesting depth can exhaust a stack), and each key and item
remembers the line it came from. Tags other than YAML's plain types are refused, so nothing
is ever constructed from a ``!!python/...`` tag. An alias shares the value of its anchor
instead of copying it; the size and depth the document would have once every alias is
expanded are still counted, so an alias bomb or a recursive alias is a located error, not a
hang, and so is nesting deeper than :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "LMap",
    "LList",
    "YamlProblem",
    "read_yaml",
    "read_yaml_text",
    "MAX_YAML_BYTES",
    "MAX_NODES",
    "MAX_DEPTH",
]

#: Larger claim files should be TSV (see the bulk format); YAML parsing is slow.
MAX_YAML_BYTES = 20 * 1024 * 1024
#: Budget of the nodes aliases bring in (each alias counts its anchor's expanded size). The
#: file's own nodes are bounded by :data:`MAX_YAML_BYTES` instead, so a large literal file
#: is no alias bomb.
MAX_NODES = 2_000_000
#: Deepest nesting of lists and mappings (after alias expansion); claims files need ~5.
MAX_DEPTH = 100

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Y = "tag:yaml.org,2002:"
#: Tags a claims file may carry: YAML's plain types (those plain scalars resolve to).
_ALLOWED_TAGS = frozenset(
    _Y + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class YamlProblem(Exception):
    """The file is not readable YAML; carries a 1-based line (and column) and a hint."""

    def __init__(self, message: str, line: int | None, hint: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


class LMap(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]


class LList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]


_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\Z")


def _scalar(tag: str, value: str) -> Any:
    if tag == _Y + "null":
        return None
    if tag == _Y + "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == _Y + "int":
        # Only plain decimals are numbers. YAML 1.1's other integers (0x1F, 1_000, 017,
        # 0b101, 1:30, +12) stay as written: read as numbers they would silently
        # rename an id (0x1F -> 31); a field that wants a number says it got text.
        if not _DECIMAL.match(value):
            return value
        try:
            return int(value)
        except ValueError:  # more digits than Python converts
            return value
    if tag == _Y + "float":
        if "_" in value or ":" in value:  # 1_000.5, sexagesimal 1:30.5: kept as written
            return value
        try:
            return float(value)
        except ValueError:
            return value
    # str and timestamp: kept as written (dates stay ISO strings)
    return value


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _tag_problem(tag: str, event: Any) -> YamlProblem:
    shown = "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag
    return YamlProblem(
        f"YAML tag {shown!r} is not allowed",
        _line(event),
        "claims files hold plain text, numbers, lists and mappings; remove the tag",
        int(event.start_mark.column) + 1,
    )


class _Open:
    """A list or mapping whose end event has not come yet."""

    __slots__ = ("anchor", "has_key", "height", "key", "key_line", "size", "value")

    def __init__(self, value: LMap | LList, anchor: str | None) -> None:
        self.value = value
        self.anchor = anchor
        self.size = 1  # nodes once aliases are expanded, this one included
        self.height = 1  # nesting depth once aliases are expanded
        self.key: Any = None
        self.key_line = 0
        self.has_key = False


class _Builder:
    """Builds the document from parser events (see the module docstring)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.stack: list[_Open] = []
        #: anchor -> (value, expanded size, expanded height)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.root: Any = None
        self.documents = 0
        #: nodes brought in by aliases so far
        self.expanded = 0

    def run(self) -> Any:
        loader = self.loader
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return self.root
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise YamlProblem(
                        "more than one YAML document in the file",
                        _line(event),
                        "a claims file is one document: remove the `---` line or split the file",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                if tag not in _ALLOWED_TAGS and tag != _Y + "merge":
                    raise _tag_problem(tag, event)
                self.add(_scalar(tag, event.value), 1, 0, event, tag=tag)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (_scalar(tag, event.value), 1, 0)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.start(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = self.stack.pop()
                if done.anchor is not None:
                    self.anchors[done.anchor] = (done.value, done.size, done.height)
                self.add(done.value, done.size, done.height, event, line=done.value.line)

    def start(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise _tag_problem(tag, event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.too_deep(event)
        value: LMap | LList
        if isinstance(event, yaml.MappingStartEvent):
            value = LMap()
            value.key_lines = {}
            value.duplicates = []
        else:
            value = LList()
            value.item_lines = []
        value.line = _line(event)
        if event.anchor is not None:
            self.anchors.pop(event.anchor, None)  # a redefined anchor: the old one ends here
        self.stack.append(_Open(value, event.anchor))

    def alias(self, event: Any) -> None:
        name = event.anchor
        if any(frame.anchor == name for frame in self.stack):
            raise YamlProblem(
                f"recursive alias *{name}", _line(event), "an alias cannot contain itself"
            )
        if name not in self.anchors:
            raise YamlProblem(
                f"alias *{name} names no anchor", _line(event), f"define &{name} before using it"
            )
        value, size, height = self.anchors[name]
        self.expanded += size
        if self.expanded > MAX_NODES:
            raise YamlProblem(
                "the document expands to too many nodes (alias bomb?)",
                _line(event),
                f"keep what aliases repeat in a claims file under {MAX_NODES:,} values",
            )
        self.add(value, size, height, event, line=_line(event))

    def too_deep(self, event: Any) -> YamlProblem:
        return YamlProblem(
            f"lists and mappings nested more than {MAX_DEPTH} deep",
            _line(event),
            "a claims file needs only a few levels; check the brackets and aliases",
        )

    def add(
        self,
        value: Any,
        size: int,
        height: int,
        event: Any,
        *,
        tag: str | None = None,
        line: int | None = None,
    ) -> None:
        line = _line(event) if line is None else line
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        parent.height = max(parent.height, height + 1)
        if parent.height + len(self.stack) - 1 > MAX_DEPTH:
            raise self.too_deep(event)
        container = parent.value
        if isinstance(container, LList):
            container.append(value)
            container.item_lines.append(line)
            return
        if not parent.has_key:
            if tag == _Y + "merge":
                raise YamlProblem(
                    "YAML merge keys ('<<') are not supported",
                    line,
                    "use the file's `defaults:` for values shared by claims",
                )
            if not isinstance(value, (str, int, float, bool)):
                raise YamlProblem(
                    "a mapping key must be a plain value", line, "write keys as plain words"
                )
            parent.key, parent.key_line, parent.has_key = value, line, True
            return
        parent.has_key = False
        key = parent.key
        if key in container:  # keep the first; report the repeat
            container.duplicates.append((key, parent.key_line))
        else:
            container[key] = value
            container.key_lines[key] = parent.key_line


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise YamlProblem(
            "binary data (NUL byte) in a text file", line, "claims files are UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")  # a UTF-8 byte-order mark is allowed by YAML
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
            line,
            "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
            column,
        ) from None


def yaml_bytes(path: Path) -> bytes:
    """The bytes of the YAML file ``path``; raises YamlProblem when it is over
    :data:`MAX_YAML_BYTES`."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlProblem(
            f"file is {size / 1e6:.1f} MB, over the {MAX_YAML_BYTES // 2**20} MiB limit "
            "for YAML claim files",
            None,
            "write large corpora as TSV (one claim per row)",
        )
    return path.read_bytes()


def read_yaml(path: Path, *, fast: bool = True) -> Any:
    """Read one YAML document from ``path`` with line numbers (see :class:`LMap`).

    The common shapes of claims files are read by :func:`mechkg.load.yamlfast.fast_tree`
    (``fast=False`` skips it); anything else, and every problem, by the event walk.

    Raises
    ------
    YamlProblem
        On oversized, binary, non-UTF-8 or malformed YAML, a tag other than YAML's plain
        types, nesting deeper than :data:`MAX_DEPTH`, aliases bringing in more than
        :data:`MAX_NODES` values, or a recursive or undefined alias.
    OSError
        When the file cannot be opened.
    """
    text = _decode(yaml_bytes(path))
    if fast:
        from .yamlfast import fast_tree

        tree = fast_tree(text)
        if tree is not None:
            return tree
    return read_yaml_text(text)


def read_yaml_text(text: str) -> Any:
    """The event walk of :func:`read_yaml` over already decoded ``text`` (no size check)."""
    try:
        loader = _Loader(text)
        try:
            return _Builder(loader).run()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours
            raise YamlProblem(
                f"lists and mappings nested more than {MAX_DEPTH} deep",
                line,
                "a claims file needs only a few levels; check the brackets and aliases",
            ) from None
        hint = "check indentation and quoting on this line"
        if "\t" in problem or "tab" in problem.lower():
            hint = "YAML forbids tabs for indentation; indent with spaces"
        elif line is not None and "\t" in (text.splitlines()[line - 1 : line] or [""])[0]:
            hint = "YAML forbids tabs for indentation; indent with spaces"
        raise YamlProblem(f"invalid YAML: {problem}", line, hint, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", None, "check the file's syntax") from None
