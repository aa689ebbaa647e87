"""The YAML loader: what it refuses, and how it says so."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from handouts import InputError, read_brand, read_monograph
from handouts.source import _files
from handouts.source.load import MAX_BYTES
from helpers.samples import GOOD


def errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_monograph(path)
    return [str(p) for p in info.value.problems]


def test_good_file_loads(write_yaml):
    assert read_monograph(write_yaml(GOOD)).name == "Testamab"


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_monograph(path).name == "Testamab"


def test_error_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("It works.", "It works at 37 \xb0C.").encode("latin-1"))
    assert errors(path) == [
        f"{path}:3:30: expected UTF-8 text, found the byte 0xB0; save the file as UTF-8"]


def test_error_control_characters_all_reported(write_yaml):
    path = write_yaml(GOOD.replace("Adults.", "Adu\x07lts.").replace("Nobody", "No\x1bbody"))
    assert errors(path) == [
        f"{path}:6:24: expected printable text, found the control character U+0007; remove it",
        f"{path}:7:27: expected printable text, found the control character U+001B; remove it",
    ]


def test_error_control_character_from_an_escape(write_yaml):
    path = write_yaml(GOOD.replace("how_it_works: It works.", 'how_it_works: "It\\x07 works."'))
    assert errors(path) == [f"{path}:3:15: how_it_works: expected printable text, found the "
                            "control character U+0007; remove it"]


def test_error_too_large(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert errors(path) == [f"{path}: the file is {MAX_BYTES + 1:,} bytes; a monograph or "
                            f"brand file is at most {MAX_BYTES:,} bytes"]


def test_a_file_is_read_without_reserving_its_bound(tmp_path):
    # Each monograph of a batch was read into a buffer of its bound (1 MiB) first: reading
    # asks for the size the file has, and one byte more to see that it grew.
    path = tmp_path / "small.yaml"
    path.write_bytes(b"name: x\n")
    assert _files.read_regular(path, 2**50) == b"name: x\n"  # no petabyte held


def test_a_file_that_grew_after_its_size_was_read_is_read_to_its_bound(tmp_path, monkeypatch):
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"0123456789")
    for name in ("stat", "fstat"):  # the size before another process appended
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *args, real=real, **kwargs: os.stat_result(
            [*real(*args, **kwargs)[:6], 3, *real(*args, **kwargs)[7:10]]))
    assert _files.read_regular(path, 100) == b"0123456789"
    with pytest.raises(_files.FileProblem) as info:
        _files.read_regular(path, 5)
    assert (info.value.reason, info.value.size) == ("too big", 6)  # read no further than 5 + 1


def test_error_not_yaml(write_yaml):
    path = write_yaml("name: [unclosed\nhow_it_works: x\n")
    (message,) = errors(path)
    assert message.startswith(f"{path}:2:13: not valid YAML:")


def test_error_empty_file(write_yaml):
    path = write_yaml("# nothing here\n")
    assert errors(path) == [f"{path}: the file is empty; expected a mapping of keys"]


def test_error_duplicate_key(write_yaml):
    path = write_yaml(GOOD + "how_it_works: Again.\n")
    assert errors(path) == [f"{path}:8:1: how_it_works: duplicate key; it was first given on "
                            "line 3 (a later value would silently replace it)"]


def test_error_python_tag_is_refused_not_run(write_yaml, tmp_path):
    marker = tmp_path / "ran"
    path = write_yaml(GOOD.replace(
        "Adults.", f"!!python/object/apply:os.system ['touch {marker}']"))
    (message,) = errors(path)
    assert message.startswith(f"{path}:6:21: who_should_take_it: found the tag "
                              "'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not marker.exists()


def test_error_custom_tag(write_yaml):
    path = write_yaml(GOOD.replace("It works.", "!secret It works."))
    assert errors(path) == [f"{path}:3:15: how_it_works: expected plain text, found the tag "
                            "'!secret'; YAML tags are not allowed"]


def test_error_alias_bomb_is_refused_quickly(write_yaml):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_yaml(GOOD + "\n".join(bomb) + "\n")
    messages = errors(path)
    # One message per alias written (72), never per expanded value (9^9).
    assert sum("found an alias (*name)" in m for m in messages) == 72
    assert f"{path}:8:1: a: unknown key; expected one of: name, brand_names, language, " \
           "key_points, when_to_get_help, how_it_is_administered, how_it_works, " \
           "common_side_effects, serious_side_effects, who_should_take_it, " \
           "who_should_not_take_it, storage, commonly_used_with, commonly_tested_with, " \
           "reviewed, next_review, url, status, imported_from, notes" in messages


@pytest.mark.parametrize("depth", [500, 50_000])
def test_error_deep_nesting_is_refused_before_it_can_crash(write_yaml, depth):
    # 50,000 levels crashed PyYAML's C composer (a segmentation fault, the whole batch with
    # it); 500 overflowed Python's stack. Run here, in the test process: a crash fails the run.
    path = write_yaml(GOOD.replace("It works.", "[" * depth))
    (message,) = errors(path)
    assert message.startswith(f"{path}:3:30: how_it_works[1]")
    assert message.endswith(": expected at most 16 levels of nested lists and mappings, found "
                            "more; a monograph needs 3")


def test_nesting_up_to_the_limit_is_left_to_the_validator(write_yaml):
    # The mapping of keys is the first level.
    path = write_yaml(GOOD.replace("It works.", "[" * 15 + "x" + "]" * 15))
    (message,) = errors(path)
    assert message == f"{path}:3:16: how_it_works[1]: expected text, found a list"


def test_error_unclosed_quote_points_at_where_it_opens(write_yaml):
    path = write_yaml(GOOD.replace("It works.", '"It works.') + "brand_names: [A]\n")
    assert errors(path) == [f"{path}:3:15: not valid YAML: a quoted text starts here and is "
                            "never closed; add the closing quote"]


def test_error_unclosed_bracket_points_at_where_it_opens(write_yaml):
    path = write_yaml(GOOD + "brand_names: [A, B\n")
    assert errors(path) == [f"{path}:8:14: not valid YAML: a list written with [ starts here "
                            "and is never closed; add the ]"]


@pytest.mark.parametrize(("char", "what"), [("\uffff", "noncharacter U+FFFF"),
                                            ("\ufffe", "noncharacter U+FFFE")])
def test_error_noncharacter_in_the_file_is_located(write_yaml, char, what):
    path = write_yaml(GOOD.replace("It works.", f"It wo{char}rks."))
    assert errors(path) == [f"{path}:3:20: expected printable text, found the {what}; "
                            "remove it"]


def test_error_lone_surrogate_from_an_escape(write_yaml):
    path = write_yaml(GOOD.replace("how_it_works: It works.", 'how_it_works: "It \\ud800"'))
    assert errors(path) == [f"{path}:3:21: not valid YAML: this escape (\\u...) is not a valid "
                            "character; write the character itself"]


def test_error_second_document(write_yaml):
    path = write_yaml(GOOD + "---\nname: Other\n")
    assert errors(path) == [f"{path}:8:1: expected one YAML document, found a second one "
                            "(after '---'); keep one monograph per file"]


def test_error_anchor_and_alias_in_keys_and_values(write_yaml):
    path = write_yaml(GOOD.replace("who_should_take_it: Adults.",
                                   "&k who_should_take_it: &v Adults.\n*k : x"))
    assert errors(path) == [
        f"{path}:6:1: found the anchor &k; anchors and aliases are not allowed, write each "
        "value out",
        f"{path}:6:24: who_should_take_it: found the anchor &v; anchors and aliases are not "
        "allowed, write each value out",
        f"{path}:7:1: expected a value, found an alias (*name); anchors and aliases are not "
        "allowed, write the value out",
        f"{path}:7:1: expected a key name, found an alias",
    ]


def test_error_a_flood_of_problems_is_cut_short(write_yaml):
    path = write_yaml(GOOD + "".join(f"extra_{i}: x\n" for i in range(150)))
    messages = errors(path)
    assert len(messages) == 101
    assert messages[-1] == f"{path}: and 50 more problems; fix these first"


def test_error_a_paragraph_made_a_key_is_reported_on_one_short_line(write_yaml):
    # Found by the property tests: "? " before a block of text makes the text a key.
    path = write_yaml(GOOD + "? |\n  A long paragraph of text\n  over two lines\n: x\n")
    (message,) = errors(path)
    assert message == (f"{path}:8:3: A long paragraph of text over two lines: unknown key; "
                       "expected one of: name, brand_names, language, key_points, "
                       "when_to_get_help, how_it_is_administered, how_it_works, "
                       "common_side_effects, serious_side_effects, who_should_take_it, "
                       "who_should_not_take_it, storage, commonly_used_with, "
                       "commonly_tested_with, reviewed, next_review, url, status, "
                       "imported_from, notes")


def test_error_binary_tag_and_nul_bytes(write_yaml, tmp_path):
    path = write_yaml(GOOD.replace("It works.", "!!binary aGVsbG8="))
    assert errors(path) == [f"{path}:3:15: how_it_works: expected plain text, found the tag "
                            "'tag:yaml.org,2002:binary'; YAML tags are not allowed"]
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(GOOD.replace("It works.", "It\x00works.").encode())
    assert errors(nul) == [f"{nul}:3:17: expected printable text, found the control character "
                           "U+0000; remove it"]


@contextlib.contextmanager
def a_writer_comes_after(fifo: Path, seconds: float) -> Iterator[None]:
    """If the code under test opens ``fifo`` and waits for a writer, one comes (and goes) after
    ``seconds``: the test then fails on what was read instead of hanging for ever."""
    def come() -> None:
        with contextlib.suppress(OSError):  # ENXIO: nobody is waiting, as it should be
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(seconds, come)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("read", [read_monograph, read_brand], ids=["monograph", "brand"])
def test_error_a_fifo_is_refused_before_it_is_opened(tmp_path, read):
    # As a --brand, it made build wait for a writer for ever.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with a_writer_comes_after(fifo, 5), pytest.raises(InputError) as info:
        read(fifo)
    assert [str(p) for p in info.value.problems] == [
        f"{fifo}: expected a regular file, found a named pipe (FIFO)"]


def test_error_a_folder_is_refused_as_not_a_regular_file(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert errors(folder) == [f"{folder}: expected a regular file, found a folder"]


def test_error_a_key_that_is_not_text_is_quoted_within_bounds(write_yaml):
    # Every character of a key written as a long number was repeated in the message.
    path = write_yaml(GOOD + "? " + "1" * 2000 + "\n: x\n")
    assert errors(path) == [f"{path}:8:3: expected a key name, found a number "
                            f"('{'1' * 37}...')"]
