"""Read a YAML file safely into raw nodes that remember where each value was written."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Collector, InputError, Problem, Source
from ._files import FileProblem, read_regular

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
# C0 and C1 control characters other than tab, line feed and carriage return; lone surrogates
# (only an escape can write one); U+FFFE and U+FFFF, which YAML's reader refuses.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_DEPTH = 16  # levels of nested lists and mappings: far past any monograph, far below a crash
NEEDED_DEPTH = 3  # a mapping of keys, a list of bullets, text


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


def read_source(path: Path) -> Source:
    """Read and decode a file, refusing what no monograph can be: not a regular file (a FIFO
    is refused before it is opened: reading it would wait for a writer), too large, not
    UTF-8."""
    shown = str(path)
    try:
        data = read_regular(path, MAX_BYTES)
    except FileProblem as e:
        message = {
            "missing": f"cannot read the file: {e.detail}",
            "unreadable": f"cannot read the file: {e.detail}",
            "special": f"expected a regular file, found {e.detail}",
            "too big": f"the file is {e.size:,} bytes; a monograph or brand file is at most "
                       f"{MAX_BYTES:,} bytes",
        }[e.reason]
        raise InputError([Problem(shown, None, None, "", message)]) from None
    digest = hashlib.sha256(data).hexdigest()
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
    return Source(shown, text, digest)


def load(source: Source, problems: Collector) -> Raw:
    """Parse ``source`` into raw nodes; node-level faults go into ``problems``.

    Only plain YAML is accepted: no tags (so no Python objects), no anchors or aliases (so no
    alias bombs), no duplicate keys, no nesting deeper than ``MAX_DEPTH``. A file that is not
    YAML at all raises at once.
    """
    _check_characters(source, problems)
    problems.raise_if_any()  # YAML's own reader would stop at the first one with a vaguer message
    try:
        root = _Composer(source, problems).compose()
    except yaml.MarkedYAMLError as e:
        line, column = _where(e, source)
        problems.add(line, column, "", f"not valid YAML: {_explain(e)}")
    except yaml.reader.ReaderError as e:  # pragma: no cover - _check_characters finds these
        line, column = source.position(e.position)
        problems.add(line, column, "", f"not valid YAML: {_one_line(e.reason)}")
    else:
        if root is not None:
            return root
        problems.add(None, None, "", "the file is empty; expected a mapping of keys")
    problems.raise_if_any()
    raise AssertionError("unreachable")


def _check_characters(source: Source, problems: Collector) -> None:
    for match in _UNPRINTABLE.finditer(source.text):
        line, column = source.position(match.start())
        problems.add(line, column, "", unprintable(match.group()))


def unprintable(char: str) -> str:
    """The message for a character no monograph may hold, wherever it was found."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "the lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        what = "the noncharacter"
    else:
        what = "the control character"
    return f"expected printable text, found {what} U+{code:04X}; remove it"


def find_unprintable(text: str) -> re.Match[str] | None:
    return _UNPRINTABLE.search(text)


def _index(mark: object) -> int:
    """Where a parser's event lies; PyYAML gives every event it yields a mark."""
    index = getattr(mark, "index", None)  # the stubs allow None and two Mark classes
    assert isinstance(index, int)
    return index


class _Composer:
    """YAML events → raw nodes, iteratively.

    PyYAML's own composer recurses once per level of nesting: a few hundred ``[`` overflow
    Python's stack, and 50,000 overflow the C stack of the C composer (a segmentation fault).
    Events come from a parser that keeps its own stack, so here nesting is counted and refused
    past ``MAX_DEPTH`` before it can cost anything. Anchors are never recorded, so an alias
    cannot expand into anything.
    """

    def __init__(self, source: Source, problems: Collector) -> None:
        self.source = source
        self.problems = problems

    def compose(self) -> Raw | None:
        loader = _Loader(self.source.text)
        try:
            return self._events(loader)
        finally:
            loader.dispose()

    def _events(self, loader: Any) -> Raw | None:
        stack: list[_Open] = []
        root: Raw | None = None
        documents = 0
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return root
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, column = self._at(_index(event.start_mark))
                    self.problems.add(line, column, "", "expected one YAML document, found a "
                                      "second one (after '---'); keep one monograph per file")
                    return root
                continue
            if isinstance(event, yaml.StreamStartEvent | yaml.DocumentEndEvent):
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop().close(_index(event.end_mark))
            else:
                parent = stack[-1] if stack else None
                key = parent.child_key() if parent else ""
                self._anchor(event, key)
                if isinstance(event, yaml.AliasEvent):
                    line, column = self._at(_index(event.start_mark))
                    self.problems.add(line, column, key, "expected a value, found an alias "
                                      "(*name); anchors and aliases are not allowed, write the "
                                      "value out")
                    node = Raw("an alias", "", _index(event.start_mark), _index(event.end_mark))
                elif isinstance(event, yaml.ScalarEvent):
                    node = self._scalar(loader, event, key)
                else:
                    if len(stack) >= MAX_DEPTH:
                        line, column = self._at(event.start_mark.index)
                        self.problems.add(line, column, key, (
                            f"expected at most {MAX_DEPTH} levels of nested lists and mappings, "
                            f"found more; a monograph needs {NEEDED_DEPTH}"))
                        self.problems.raise_if_any()
                    stack.append(self._open(loader, event, key))
                    continue
            if stack:
                stack[-1].add(node)
            else:
                root = node

    def _at(self, index: int) -> tuple[int, int]:
        return self.source.position(index)

    def _anchor(self, event: Any, key: str) -> None:
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            line, column = self._at(event.start_mark.index)
            self.problems.add(line, column, key, f"found the anchor &{event.anchor}; anchors "
                              "and aliases are not allowed, write each value out")

    def _scalar(self, loader: Any, event: Any, key: str) -> Raw:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        kind = _SCALAR_KINDS.get(tag)
        if kind is None:
            line, column = self._at(event.start_mark.index)
            self.problems.add(line, column, key, f"expected plain text, found the tag {tag!r}; "
                              "YAML tags are not allowed")
            kind = "a tagged value"
        return Raw(kind, event.value, event.start_mark.index, event.end_mark.index, event.style)

    def _open(self, loader: Any, event: Any, key: str) -> _Open:
        mapping = isinstance(event, yaml.MappingStartEvent)
        node_type, expected = ((yaml.MappingNode, _TAG + "map") if mapping
                               else (yaml.SequenceNode, _TAG + "seq"))
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(node_type, None, event.implicit)
        if tag != expected:
            line, column = self._at(event.start_mark.index)
            self.problems.add(line, column, key,
                              f"found the tag {tag!r}; YAML tags are not allowed")
        return _Open(self, mapping, key, event.start_mark.index)


class _Open:
    """A list or mapping whose items are still being read."""

    def __init__(self, composer: _Composer, mapping: bool, key: str, start: int) -> None:
        self.composer = composer
        self.mapping = mapping
        self.key = key  # its own key path
        self.start = start
        self.items: list[Raw] = []
        self.entries: list[tuple[Raw, Raw]] = []
        self.pending: Raw | None = None  # a mapping's key, waiting for its value
        self.skip = False  # the pending key was refused: drop its value
        self.first_line: dict[str, int] = {}

    def child_key(self) -> str:
        """The key path of the value about to be read."""
        if not self.mapping:
            return f"{self.key}[{len(self.items) + 1}]"
        if self.pending is None or self.skip:
            return self.key  # a key itself (or the value of a refused one)
        name = self.pending.text
        return f"{self.key}.{name}" if self.key else name

    def add(self, node: Raw) -> None:
        if not self.mapping:
            self.items.append(node)
            return
        if self.pending is None and not self.skip:
            self._key(node)
            return
        if not self.skip:
            assert self.pending is not None
            self.entries.append((self.pending, node))
        self.pending, self.skip = None, False

    def _key(self, node: Raw) -> None:
        problems, source = self.composer.problems, self.composer.source
        line, column = source.position(node.start)
        if node.kind != "text":
            problems.add(line, column, self.key, f"expected a key name, found {_found(node)}")
            self.skip = True
            return
        name = node.text
        if name in self.first_line:
            path = f"{self.key}.{name}" if self.key else name
            problems.add(line, column, path, f"duplicate key; it was first given on line "
                         f"{self.first_line[name]} (a later value would silently replace it)")
            self.skip = True
            return
        self.first_line[name] = line
        self.pending = node

    def close(self, end: int) -> Raw:
        if self.mapping:
            return Raw("a mapping", tuple(self.entries), self.start, end)
        return Raw("a list", tuple(self.items), self.start, end)


def _found(node: Raw) -> str:
    if node.kind in ("a list", "a mapping", "an alias", "a tagged value"):
        return node.kind
    shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."  # as validate's
    return f"{node.kind} ({shown!r})"


def _where(error: yaml.MarkedYAMLError, source: Source) -> tuple[int | None, int | None]:
    """Where to point the author: where the construct that failed began, when it failed only
    at the end of the file (an unclosed quote or bracket), else where it failed."""
    mark = error.problem_mark
    if error.context_mark is not None and (mark is None or mark.index >= len(source.text)):
        mark = error.context_mark
    if mark is None:
        return None, None
    return source.position(min(mark.index, len(source.text)))


# PyYAML's words for the commonest mistakes, and what an author should do about them.
_EXPLAINED = (
    ("while scanning a quoted scalar", "found unexpected end of stream",
     "a quoted text starts here and is never closed; add the closing quote"),
    ("while parsing a quoted scalar", "found invalid Unicode character escape code",
     "this escape (\\u...) is not a valid character; write the character itself"),
    ("while parsing a flow sequence", "did not find expected ',' or ']'",
     "a list written with [ starts here and is never closed; add the ]"),
    ("while parsing a flow mapping", "did not find expected ',' or '}'",
     "a mapping written with { starts here and is never closed; add the }"),
    ("while scanning a simple key", "could not find expected ':'",
     "expected 'key: value' on this line; a line of text inside a value must be indented"),
    ("", "mapping values are not allowed here",
     "a ': ' here would start a value where none can be; put text that contains ': ' "
     "in quotes, or use a | block"),
    ("", "found character '\\t' that cannot start any token",
     "a tab is used for indentation here; indent with spaces"),
)


def _explain(error: yaml.MarkedYAMLError) -> str:
    context, problem = _one_line(error.context or ""), _one_line(error.problem or "")
    for when, what, advice in _EXPLAINED:
        if context.startswith(when) and problem.startswith(what):
            return advice
    return " ".join(x for x in (context, problem) if x)


def _one_line(text: str) -> str:
    return " ".join(text.split())
