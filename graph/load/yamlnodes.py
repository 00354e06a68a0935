"""Safe YAML reading that keeps line numbers.

PyYAML's safe *composer* builds a node tree without constructing any Python object from
tags; this module turns that tree into plain dicts, lists and scalars that remember the line
each key and item came from. Aliases are expanded with a budget, so an alias bomb is an
error, not a hang; a recursive alias is an error too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["LMap", "LList", "YamlProblem", "read_yaml", "MAX_YAML_BYTES", "MAX_NODES"]

#: Larger claim files should be TSV (see the bulk format); YAML parsing is slow.
MAX_YAML_BYTES = 20 * 1024 * 1024
#: Budget of nodes after alias expansion.
MAX_NODES = 2_000_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    value = node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    # str, timestamp (kept as written: dates stay ISO strings), binary, custom tags
    return value


class _Converter:
    def __init__(self) -> None:
        self.count = 0
        self.active: set[int] = set()

    def convert(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                "the document expands to too many nodes (alias bomb?)",
                node.start_mark.line + 1,
                f"keep a claims file under {MAX_NODES:,} values after aliases are expanded",
            )
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        key = id(node)
        if key in self.active:
            raise YamlProblem(
                "recursive alias", node.start_mark.line + 1, "an alias cannot contain itself"
            )
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                seq = LList(self.convert(item) for item in node.value)
                seq.line = node.start_mark.line + 1
                seq.item_lines = [item.start_mark.line + 1 for item in node.value]
                return seq
            assert isinstance(node, yaml.MappingNode)
            mapping = LMap()
            mapping.line = node.start_mark.line + 1
            mapping.key_lines = {}
            mapping.duplicates = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(
                        "YAML merge keys ('<<') are not supported",
                        key_node.start_mark.line + 1,
                        "use the file's `defaults:` for values shared by claims",
                    )
                k = self.convert(key_node)
                if not isinstance(k, (str, int, float, bool)) or k is None:
                    raise YamlProblem(
                        "a mapping key must be a plain value",
                        key_node.start_mark.line + 1,
                        "write keys as plain words",
                    )
                line = key_node.start_mark.line + 1
                if k in mapping:  # keep the first; report the repeat
                    mapping.duplicates.append((k, line))
                    continue
                mapping[k] = self.convert(value_node)
                mapping.key_lines[k] = line
            return mapping
        finally:
            self.active.discard(key)


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


def read_yaml(path: Path) -> Any:
    """Read one YAML document from ``path`` with line numbers (see :class:`LMap`).

    Raises
    ------
    YamlProblem
        On unreadable, oversized, binary, non-UTF-8 or malformed YAML.
    OSError
        When the file cannot be opened.
    """
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlProblem(
            f"file is {size / 1e6:.1f} MB, over the {MAX_YAML_BYTES // 2**20} MiB limit "
            "for YAML claim files",
            None,
            "write large corpora as TSV (one claim per row)",
        )
    text = _decode(path.read_bytes())
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        hint = "check indentation and quoting on this line"
        if "\t" in problem or "tab" in problem.lower():
            hint = "YAML forbids tabs for indentation; indent with spaces"
        elif line is not None and "\t" in (text.splitlines()[line - 1 : line] or [""])[0]:
            hint = "YAML forbids tabs for indentation; indent with spaces"
        raise YamlProblem(f"invalid YAML: {problem}", line, hint, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", None, "check the file's syntax") from None
    if root is None:
        return None
    return _Converter().convert(root)
