"""Read a YAML file safely into raw nodes that remember where each value was written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Collector, InputError, Problem

MAX_BYTES = 1024 * 1024  # a long monograph is ~20 KB; anything near this is not a monograph

# The C parser is several times faster; both build the same nodes.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
# What a scalar that is not text looks like to an author, for "found ..." messages.
_SCALAR_KINDS = {
    _TAG + "str": "text",
    _TAG + "int": "a number",
    _TAG + "float": "a number",
    _TAG + "bool": "a yes/no value",
    _TAG + "null": "nothing",
    _TAG + "timestamp": "a date",
}
# C0 and C1 control characters other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Source:
    """A decoded input file; turns character offsets back into lines and columns."""

    path: str
    text: str

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column of the character at ``index``."""
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return line, column


@dataclass(frozen=True)
class Raw:
    """One unvalidated YAML value and where it was written.

    ``value`` is the scalar's text as written (for every scalar kind), a tuple of ``Raw``
    items for a list, or a tuple of ``(key, Raw)`` pairs in file order for a mapping.
    """

    kind: str  # "text", "a number", ..., "a list", "a mapping"
    value: str | tuple[Raw, ...] | tuple[tuple[Raw, Raw], ...]
    start: int  # character offsets of the value in Source.text
    end: int
    style: str | None = None  # YAML scalar style: None (plain), "'", '"', "|", ">"

    @property
    def text(self) -> str:
        assert isinstance(self.value, str)
        return self.value

    @property
    def items(self) -> tuple[Raw, ...]:
        """A list's items."""
        assert self.kind == "a list"
        return self.value  # type: ignore[return-value]

    @property
    def entries(self) -> tuple[tuple[Raw, Raw], ...]:
        """A mapping's (key, value) pairs in file order."""
        assert self.kind == "a mapping"
        return self.value  # type: ignore[return-value]


# Kinds of raw node whose fault the loader has already reported.
REPORTED = frozenset({"a tagged value", "an alias"})


def find_control(text: str) -> re.Match[str] | None:
    return _CONTROL.search(text)


def read_source(path: Path) -> Source:
    """Read and decode a file, refusing what no monograph can be: too large, not UTF-8."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Problem(shown, None, None, "", (
                f"the file is {size:,} bytes; a monograph or brand file is at most "
                f"{MAX_BYTES:,} bytes"))])
        data = path.read_bytes()
    except OSError as e:
        raise InputError([Problem(shown, None, None, "",
                                  f"cannot read the file: {e.strerror}")]) from e
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as some Windows editors write
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8")
        source = Source(shown, good)
        line, column = source.position(len(good))
        raise InputError([Problem(shown, line, column, "", (
            f"expected UTF-8 text, found the byte 0x{data[e.start]:02X}; save the file as UTF-8"))]
        ) from None
    return Source(shown, text)


def load(source: Source, problems: Collector) -> Raw:
    """Parse ``source`` into raw nodes; node-level faults go into ``problems``.

    Only plain YAML is accepted: no tags (so no Python objects), no anchors or aliases (so no
    alias bombs), no duplicate keys. A file that is not YAML at all raises at once.
    """
    _check_controls(source, problems)
    problems.raise_if_any()  # YAML's own reader would stop at the first one with a vaguer message
    try:
        node = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = " ".join(x for x in (e.context, e.problem) if x)
        problems.add(mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
                     f"not valid YAML: {what}")
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
    except yaml.YAMLError as e:  # pragma: no cover - every parser error is marked in PyYAML 6
        raise InputError([Problem(source.path, None, None, "", f"not valid YAML: {e}")]) from None
    if node is None:
        problems.add(None, None, "", "the file is empty; expected a mapping of keys")
        problems.raise_if_any()
        raise AssertionError("unreachable")
    return _convert(node, source, problems, "", set())


def _check_controls(source: Source, problems: Collector) -> None:
    for match in _CONTROL.finditer(source.text):
        line, column = source.position(match.start())
        problems.add(line, column, "", "expected printable text, found the control character "
                     f"U+{ord(match.group()):04X}")


def _convert(node: yaml.Node, source: Source, problems: Collector, key: str,
             seen: set[int]) -> Raw:
    start, end = node.start_mark.index, node.end_mark.index
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in seen:
        # An alias: the composer hands back the anchored node itself.
        problems.add(line, column, key, "expected a value, found an alias (*name); "
                     "anchors and aliases are not allowed, write the value out")
        return Raw("an alias", "", start, end)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        kind = _SCALAR_KINDS.get(node.tag)
        if kind is None:
            problems.add(line, column, key, f"expected plain text, found the tag {node.tag!r}; "
                         "YAML tags are not allowed")
            kind = "a tagged value"
        return Raw(kind, node.value, start, end, node.style)
    if isinstance(node, yaml.SequenceNode):
        _check_tag(node, _TAG + "seq", line, column, key, problems)
        items = tuple(_convert(item, source, problems, f"{key}[{i + 1}]", seen)
                      for i, item in enumerate(node.value))
        return Raw("a list", items, start, end)
    assert isinstance(node, yaml.MappingNode)
    _check_tag(node, _TAG + "map", line, column, key, problems)
    entries: list[tuple[Raw, Raw]] = []
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        path = f"{key}.{name}" if key else name
        k_line, k_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
            problems.add(k_line, k_col, key, f"expected a key name, found {_found(key_node)}")
            continue
        if name in first_line:
            problems.add(k_line, k_col, path, f"duplicate key; it was first given on line "
                         f"{first_line[name]} (a later value would silently replace it)")
            continue
        first_line[name] = k_line
        entries.append((Raw("text", name, key_node.start_mark.index, key_node.end_mark.index),
                        _convert(value_node, source, problems, path, seen)))
    return Raw("a mapping", tuple(entries), start, end)


def _check_tag(node: yaml.Node, expected: str, line: int, column: int, key: str,
               problems: Collector) -> None:
    if node.tag != expected:
        problems.add(line, column, key,
                     f"found the tag {node.tag!r}; YAML tags are not allowed")


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"{_SCALAR_KINDS.get(node.tag, 'a tagged value')} ({node.value!r})"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
