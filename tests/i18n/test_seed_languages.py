"""Issue 18's languages, each through the seed translated into it (UNREVIEWED TEST DATA,
tests/fixtures/LANGUAGES.md): it checks clean but for its unreviewed catalogue, builds in
standard and large print, every word (for Chinese: every character) extracts exactly in
poppler, Ghostscript, mupdf and pdf.js, and veraPDF passes PDF/UA-1 and PDF/A-2a."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml

import handouts
from conftest import DATA, FIXTURES, READERS, body_words, expected_words, reader_pages
from handouts.binder import make as binder
from handouts.check import rules as check
from handouts.pdf import fonts
from handouts.run import batch
from handouts.source.model import BatchOptions
from helpers import verapdf

ENGLISH = DATA / "inotuzumab-ozogamicin.yaml"
TAGS = ("zh-Hans", "zh-Hant", "ko", "vi", "ru", "tl", "ht", "fr", "pt", "pl")
TRANSLATED = {tag: FIXTURES / f"inotuzumab-ozogamicin.{tag}.yaml" for tag in TAGS}
# Written without spaces between words: compared character by character, spaces left out (a
# line may end between any two characters, and readers differ on whether that is a space).
UNSPACED = ("zh-Hans", "zh-Hant")


def _beside_english(tag: str, folder: Path) -> Path:
    """The translation into ``tag`` in ``folder``, beside the English original, which
    ``check`` compares a translation with."""
    (folder / ENGLISH.name).write_bytes(ENGLISH.read_bytes())
    copy = folder / TRANSLATED[tag].name
    copy.write_bytes(TRANSLATED[tag].read_bytes())
    return copy


def _comparable(words: list[str], tag: str) -> list[str]:
    return list("".join(words)) if tag in UNSPACED else words


@pytest.mark.parametrize("tag", TAGS)
def test_a_translated_seed_says_what_the_english_says_item_for_item(tag):
    english = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    text = TRANSLATED[tag].read_text(encoding="utf-8")
    translated = yaml.safe_load(text)
    header = " ".join(line.lstrip("# ") for line in text.split("\nname:")[0].splitlines())
    assert "UNREVIEWED TEST DATA" in header
    assert translated["language"] == tag
    assert translated.keys() == english.keys()
    lists = {key for key, value in english.items() if isinstance(value, list)}
    for key, value in english.items():
        theirs = translated[key]
        if isinstance(value, list):
            assert len(theirs) == len(value), key
        elif isinstance(value, str) and key != "name":
            assert theirs.count("\n\n") == value.count("\n\n"), key  # paragraphs
        if key not in ("name", "language", "url", "reviewed", "next_review"):
            # Every number of the English, none other: doses, days, months, temperatures.
            assert sorted(re.findall(r"\d+", " ".join(theirs) if key in lists else theirs)) \
                == sorted(re.findall(r"\d+", " ".join(value) if key in lists else value)), key


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """Each translation's leaflet, in standard and in large print, with the bundled brand."""
    brand = handouts.read_brand()
    out = {}
    for tag in TAGS:
        folder = tmp_path_factory.mktemp(tag)
        source = _beside_english(tag, folder)
        for large in (False, True):
            pdf, _ = handouts.build(source, folder / f"large-{large}", brand,
                                    handouts.Options(large_print=large))
            out[tag, large] = pdf
    return out


@pytest.mark.parametrize("tag", TAGS)
def test_a_translated_seed_checks_clean_but_for_its_unreviewed_catalogue(tag, tmp_path):
    source = _beside_english(tag, tmp_path)
    report = check.check_file(source)
    assert report.errors == ()
    assert [w.message for w in report.warnings] == [
        f"the leaflet's furniture (headings, box sentences, labels) in {tag!r} comes from the "
        f"shipped catalogue {tag!r}, which no qualified medical translator has reviewed; have "
        "it reviewed, or give the clinic's own reviewed catalogue (see 'Languages' in the "
        "README)"]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("tag", TAGS)
def test_every_word_of_a_translated_seed_extracts_exactly(built, tag, reader, large):
    expected = _comparable(expected_words(TRANSLATED[tag]), tag)
    assert _comparable(body_words(built[tag, large], reader=reader), tag) == expected


# The PostScript family name of each family's first font, as the PDF names its subsets
# ("ABCDEF+NotoSansSC-Bold").
_EMBEDDED = {"Atkinson": "AtkinsonHyperlegible", "DejaVuSans": "DejaVuSans",
             "NotoSansSC": "NotoSansSC", "NotoSansTC": "NotoSansTC", "NotoSansKR": "NotoSansKR"}


@pytest.mark.parametrize("tag", TAGS)
def test_a_translated_seed_prints_in_its_languages_faces_and_sizes(built, tag):
    # Every letter of the body text in the language's own face: no word mixes two designs, and
    # a Chinese leaflet never takes the other Chinese font's glyph forms. Large print is
    # nowhere under 14 pt (the footer), its body 16 pt.
    face = _EMBEDDED[fonts.family(tag).regular.name]
    for large, body in ((False, 12), (True, 16)):
        with pdfplumber.open(built[tag, large]) as pdf:
            chars = [c for page in pdf.pages for c in page.chars]
        assert min(c["size"] for c in chars) >= (14 if large else 11) - 0.01
        used = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]).split("-")[0] for c in chars
                if abs(c["size"] - body) < 0.01 and c["text"].isalpha()}
        assert used == {face}, (large, used)


def test_every_translated_seed_conforms(built):
    verapdf.require_verapdf()
    verapdf.compile_validator()
    paths = [built[tag, large] for tag in TAGS for large in (False, True)]
    for verdict in verapdf.validate(paths, flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


# Names in their own scripts, so that the binder's contents mix them (the fixtures keep the
# Latin INN as their name, as local labels do).
_NAMES = {"zh-Hans": "奥加伊妥珠单抗", "zh-Hant": "奧加伊妥珠單抗", "ko": "이노투주맙오조가마이신",
          "ru": "Инотузумаб озогамицин"}


def test_a_binder_mixes_scripts_each_in_its_language(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / ENGLISH.name).write_bytes(ENGLISH.read_bytes())
    for tag, name in _NAMES.items():
        text = TRANSLATED[tag].read_text(encoding="utf-8")
        old = yaml.safe_load(text)["name"]
        (data / f"drug-{tag}.yaml").write_text(text.replace(f"name: {old}\n", f"name: {name}\n"),
                                               encoding="utf-8")
    brand = handouts.read_brand()
    summary = batch.run(batch.plan(batch.discover([data]), tmp_path / "out", brand),
                        BatchOptions(jobs=1))
    assert summary.ok, [r.failure for r in summary.failed]
    path = tmp_path / "binder.pdf"
    binder.make(summary.leaflets, brand, path, date=datetime.date(2026, 12, 1))
    with pikepdf.open(path) as pdf:
        parts = {str(p.T): str(p.Lang) for p in pdf.Root.StructTreeRoot.K.K if p.S == "/Part"}
        assert parts == {"Inotuzumab ozogamicin": "en", **{n: t for t, n in _NAMES.items()}}
        toc = next(k for k in pdf.Root.StructTreeRoot.K.K if k.S == "/TOC")
        # A contents entry in another language than the binder's says so, for a screen reader.
        langs = {str(item.get("/Lang", "en")) for item in toc.K}
        assert langs == {"en", *_NAMES}
    contents = {reader: "".join(reader_pages(path, reader, 1, 2)).replace(" ", "")
                for reader in READERS}
    for reader, text in contents.items():
        for name in _NAMES.values():
            assert name.replace(" ", "") in text, (reader, name)
    with pdfplumber.open(path) as pdf:
        fonts_of = {c["text"]: re.sub(r"^[A-Z]{6}\+", "", c["fontname"]).split("-")[0]
                    for page in pdf.pages[:2] for c in page.chars}
    assert (fonts_of["单"], fonts_of["單"], fonts_of["맙"]) == (
        "NotoSansSC", "NotoSansTC", "NotoSansKR")  # each title in its language's glyph forms
    verapdf.require_verapdf()
    verapdf.compile_validator()
    for verdict in verapdf.validate([path], flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


def _vietnamese_letters() -> list[str]:
    """Every precomposed Vietnamese vowel with its tone mark (two diacritics on â, ê, ô, ă,
    ơ, ư), both cases, and đ."""
    import unicodedata

    letters = [unicodedata.normalize("NFC", base + mark)
               for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
               for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")]
    return [*letters, "đ", "Đ"]


def test_every_vietnamese_letter_draws_in_one_face_and_extracts(tmp_path):
    letters = _vietnamese_letters()
    assert len(letters) == 146 and all(len(c) == 1 for c in letters)  # all precomposed
    family = fonts.family("vi")
    for face in (family.regular, family.bold, family.italic):
        assert set(letters) <= fonts.primary_coverage(face), face.name  # no mixed word
    words = ["".join(letters[i:i + 6]) for i in range(0, len(letters), 6)]
    text = TRANSLATED["vi"].read_text(encoding="utf-8").replace(
        "how_it_works: |", "how_it_works: |\n  " + " ".join(words) + "\n\n ", 1)
    source = _beside_english("vi", tmp_path)
    source.write_text(text, encoding="utf-8")
    pdf, _ = handouts.build(source, tmp_path / "out", handouts.read_brand())
    for reader in READERS:
        body = body_words(pdf, reader=reader)
        assert body == expected_words(source), reader
        assert all(w in body for w in words), reader
