"""The message catalogues: the shipped ones complete and in step with the code and their .mo,
the language a tag falls back to, and a clinic's own catalogues checked as untrusted input.

Covers i18n.catalogue, i18n.tags (the RFC 4647 lookup), i18n.po (the strict .po reader) and
brand.catalogues (a clinic's own).
"""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import handouts
from conftest import CATALOGUES, FIXTURES, expected_words, nfc_words
from handouts import InputError
from handouts.i18n import catalogue, words
from handouts.i18n.catalogue import SHIPPED, Catalogues, compile_po
from handouts.i18n.tags import babel_locale
from handouts.pdf import fonts
from handouts.source import _chars
from helpers.samples import GOOD, SHIPPED_SEED

LONG_DATE = datetime.date(2025, 3, 1)


def po(tag: str) -> list:
    with (CATALOGUES / f"{tag}.po").open("rb") as f:
        return [m for m in read_po(f) if m.id]


def english_in_code() -> dict[str, tuple[str, ...]]:
    return {**{m: (m,) for m in words.SINGULAR}, **{p[0]: p for p in words.PLURAL}}


@pytest.mark.parametrize("tag", SHIPPED)
def test_shipped_mo_is_compiled_from_its_po(tag):
    # The .mo files are committed (no compile step at install); `make catalogues` writes them.
    mo = (CATALOGUES / f"{tag}.mo").read_bytes()
    assert compile_po((CATALOGUES / f"{tag}.po").read_text(encoding="utf-8")) == mo, (
        f"handouts/i18n/catalogues/{tag}.mo is not the compilation of {tag}.po: "
        "run make catalogues")


def test_english_catalogue_is_the_messages_in_code():
    found = {(m.id[0] if isinstance(m.id, tuple) else m.id):
             (m.string if isinstance(m.string, tuple) else (m.string,)) for m in po("en")}
    assert found == english_in_code()
    assert catalogue.english() == english_in_code()  # and so is its .mo


@pytest.mark.parametrize("tag", [t for t in SHIPPED if t != "en"])
def test_every_shipped_catalogue_is_complete(tag):
    messages = po(tag)
    assert not [m.id for m in messages if m.fuzzy]
    given = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in messages}
    assert sorted(given) == sorted(english_in_code()), "a message is missing or unknown"
    forms = get_plural(babel_locale(tag)).num_plurals  # Babel's tag: zh_Hans, fil_PH for tl
    for english, message in given.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{english!r} is not translated"
        if len(english_in_code()[english]) > 1:
            assert len(strings) == forms, english
        for string in strings:
            assert words.placeholders(string) == words.placeholders(english), english


@pytest.mark.parametrize("tag", SHIPPED)
def test_shipped_catalogues_are_printable(tag):
    for message in po(tag):
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            assert not list(_chars.refused(string)), string
            for face in (fonts.REGULAR, fonts.BOLD):
                assert not fonts.undrawable(string, face), string


def test_a_missing_translation_is_an_error_never_english():
    w = words.For("es")
    with pytest.raises(KeyError):
        w("A message no catalogue has")
    incomplete = words.Words("es", "es", {}, lambda n: 0)
    with pytest.raises(KeyError):
        incomplete(words.KEY_POINTS)


@pytest.mark.parametrize(("tag", "catalogue_tag"), [
    ("es", "es"), ("es-US", "es"), ("ES-us", "es"), ("es-419", "es"), ("en-GB", "en"),
    ("en", "en"), ("en-x-clinic", "en"), ("fr", "fr"), ("fr-CA", "fr"),
    ("zh-Hant-TW", "zh-Hant"), ("ZH-hans-CN", "zh-Hans"), ("ht-HT", "ht"), ("pt-BR", "pt"),
    ("de", None), ("zh", None), ("zh-TW", None)])
def test_a_tag_falls_back_to_its_language(tag, catalogue_tag):
    assert Catalogues().lookup(tag) == catalogue_tag


@pytest.mark.parametrize(("tag", "date"), [
    ("en", "1 March 2025"), ("en-GB", "1 March 2025"), ("en-US", "March 1, 2025"),
    ("es", "1 de marzo de 2025"), ("es-US", "1 de marzo de 2025"),
    ("fr", "1 mars 2025"), ("fr-CA", "1 mars 2025"), ("pt", "1 de março de 2025"),
    ("pt-BR", "1 de março de 2025"), ("pl", "1 marca 2025"), ("ru", "1 марта 2025\u202fг."),
    # Vietnamese months are numbered: "tháng 3" is the month's name.
    ("vi", "1 tháng 3, 2025"), ("tl", "Marso 1, 2025"), ("ht", "1 mas 2025"),
    ("ht-HT", "1 mas 2025"), ("ko", "2025년 3월 1일"), ("zh-Hans", "2025年3月1日"),
    ("zh-Hant-TW", "2025年3月1日")])
def test_dates_in_the_leaflets_language(tag, date):
    assert words.For(tag).long_date(LONG_DATE) == date


@pytest.mark.parametrize("tag", SHIPPED)
def test_dates_print_native_month_names_in_every_shipped_language(tag):
    # Babel's CLDR data for Haitian Creole has no month names: it printed "2025 M03 1".
    # A Haitian Creole leaflet prints the catalogue's own, never French ones.
    say = words.For(tag)
    shown = [say.long_date(datetime.date(2025, month, 21)) for month in range(1, 13)]
    assert len(set(shown)) == 12, shown
    assert not [d for d in shown if re.search(r"\bM\d\d\b", d)], shown
    if tag == "ht":
        assert shown[0] == "21 janvye 2025" and shown[6] == "21 jiyè 2025"
        assert not {"janvier", "juillet", "mars"} & {w for d in shown for w in d.split()}


def test_plurals_and_numbers_in_the_language():
    en, es, es_us = words.For("en"), words.For("es"), words.For("es-US")
    assert [en.plural(words.MEDICINES, n) for n in (1, 2, 1000)] == [
        "1 medicine", "2 medicines", "1,000 medicines"]
    assert [es.plural(words.MEDICINES, n) for n in (1, 2, 1000, 1_000_000)] == [
        "1 medicamento", "2 medicamentos", "1.000 medicamentos", "1.000.000 de medicamentos"]
    assert es_us.plural(words.MEDICINES, 1000) == "1,000 medicamentos"


def test_plurals_in_the_new_languages():
    def forms(tag: str, *counts: int) -> list[str]:
        return [words.For(tag).plural(words.MEDICINES, n) for n in counts]

    assert forms("ru", 1, 2, 5, 11, 21, 22) == [
        "1 препарат", "2 препарата", "5 препаратов", "11 препаратов", "21 препарат",
        "22 препарата"]
    assert forms("pl", 1, 2, 5, 12, 22) == ["1 lek", "2 leki", "5 leków", "12 leków", "22 leki"]
    assert forms("fr", 0, 1, 2, 1_000_000) == [
        "0 médicament", "1 médicament", "2 médicaments", "1\u202f000\u202f000 de médicaments"]
    assert forms("pt", 1, 2, 1000) == ["1 medicamento", "2 medicamentos", "1.000 medicamentos"]
    assert forms("tl", 1, 4) == ["1 gamot", "4 gamot"]
    assert forms("zh-Hans", 1, 2) == ["1种药物", "2种药物"]
    assert forms("ko", 1, 1000) == ["의약품 1종", "의약품 1,000종"]


# --- the clinic's own catalogues ------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def clinic(tmp_path: Path, files: dict[str, str | bytes], brand_extra: str = "",
           folder: str = "catalogues") -> Path:
    """A brand file in ``tmp_path`` whose catalogues folder holds ``files``."""
    (tmp_path / folder).mkdir(exist_ok=True)
    for name, content in files.items():
        target = tmp_path / folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    brand = tmp_path / "brand.yaml"
    brand.write_text("organisation: Hilltop Clinic\ntagline: Here for you.\n"
                     f"catalogues: {folder}\n" + brand_extra, encoding="utf-8")
    return brand


def german(header: str = HEADER) -> str:
    """A complete German catalogue (a language handouts does not ship), for the tests (not a
    translation at all: each message prefixed "DE")."""
    lines = [header]
    for english, forms in english_in_code().items():
        if len(forms) == 1:
            lines.append(f'msgid "{english}"\nmsgstr "DE {english}"\n\n')
        else:
            lines.append(f'msgid "{forms[0]}"\nmsgid_plural "{forms[1]}"\n'
                         f'msgstr[0] "DE {forms[0]}"\nmsgstr[1] "DE {forms[1]}"\n\n')
    return "".join(lines)


def brand_errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        handouts.read_brand(path)
    return [str(p) for p in info.value.problems]


def test_a_clinic_overrides_one_message_and_adds_a_language(tmp_path, write_yaml):
    brand_file = clinic(tmp_path, {
        "es.po": HEADER + 'msgid "Key points"\nmsgstr "Recuerde"\n',
        "de.po": german()})
    brand = handouts.read_brand(brand_file)
    assert brand.catalogues.languages() == sorted([*SHIPPED, "de"], key=str.casefold)
    spanish = handouts.read_monograph(FIXTURES
                                      / "inotuzumab-ozogamicin.es.yaml", brand)
    text = " ".join(nfc_words(_text(handouts.render_leaflet(spanish, brand).pdf, tmp_path)))
    assert "Recuerde" in text and "Lo más importante" not in text
    assert "Cuándo pedir ayuda" in text  # the rest is the shipped Spanish
    german_monograph = handouts.read_monograph(
        write_yaml(GOOD + "language: de-AT\nkey_points: [Eins.]\n", "de.yaml"), brand)
    text = " ".join(nfc_words(_text(handouts.render_leaflet(german_monograph, brand).pdf,
                                    tmp_path)))
    assert "DE Key points" in text and "DE How it works" in text and "DE Page 1 of 1" in text


def _text(pdf: bytes, folder: Path) -> str:
    from conftest import pdftotext

    path = folder / "leaflet.pdf"
    path.write_bytes(pdf)
    return pdftotext(path)


def test_error_monograph_language_without_catalogue(write_yaml, tmp_path):
    path = write_yaml(GOOD + "language: de\n")
    with pytest.raises(InputError) as info:
        handouts.read_monograph(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:8:11: language: no catalogue for 'de'; available: en, es, fr, ht, ko, pl, pt, "
        "ru, tl, vi, zh-Hans, zh-Hant (a clinic can add one: see 'Languages' in the README)"]
    brand = handouts.read_brand(clinic(tmp_path, {"de.po": german()}))
    assert handouts.read_monograph(path, brand).language == "de"



def test_check_knows_the_languages_of_the_brand_it_is_given(write_yaml, tmp_path):
    """check validates as build does: a clinic's own language passes with its brand, and is an
    error without it."""
    from helpers.invoke import run

    path = write_yaml(GOOD + "language: de\n")
    brand_file = clinic(tmp_path, {"de.po": german()})
    code, out, _ = run("check", "-q", path)
    assert code == 1 and f"error: {path}:8:11: language: no catalogue for 'de'" in out
    code, out, _ = run("check", "-q", "--brand", brand_file, path)
    # A clinic catalogue that does not say it was reviewed is not (a warning, exit 0).
    assert (code, out) == (0, f"warning: {path}:8:1: language: the leaflet's furniture "
                              "(headings, box sentences, labels) in 'de' comes from the clinic "
                              "catalogue 'de', which no qualified medical translator has "
                              "reviewed; have it reviewed, or give the clinic's own reviewed "
                              "catalogue (see 'Languages' in the README)\n")
    (tmp_path / "catalogues" / "de.po").write_text(german().replace('"DE Contents"', '"{x}"'),
                                                   encoding="utf-8")
    code, _, err = run("check", "-q", "--brand", brand_file, path)
    assert code == 1 and "catalogues/de.po:" in err and "placeholders" in err

def test_error_clinic_catalogue_unknown_message(tmp_path):
    path = clinic(tmp_path, {"es.po": HEADER + 'msgid "Key point"\nmsgstr "Recuerde"\n'})
    assert brand_errors(path) == [
        f"{tmp_path / 'catalogues' / 'es.po'}:5:1: msgid 'Key point': unknown message: handouts "
        "never prints it; did you mean 'Key points'?"]


def test_error_clinic_catalogue_placeholder_mismatch(tmp_path):
    path = clinic(tmp_path, {"es.po": HEADER + 'msgid "Out of hours, call {phone}."\n'
                                                'msgstr "Fuera de horario, llame al {telefono}."\n'
                                                '\nmsgid "QR code for {url}"\n'
                                                'msgstr "Código QR {url!r}"\n'
                                                '\nmsgid "Reviewed {date}"\n'
                                                'msgstr "Revisado {date.__class__}"\n'})
    po_file = tmp_path / "catalogues" / "es.po"
    assert brand_errors(path) == [
        f"{po_file}:6:9: msgid 'Out of hours, call {{phone}}.': expected the placeholders of "
        "the English message exactly ({phone}), found {telefono}; keep each {name} as it is",
        f"{po_file}:9:9: msgid 'QR code for {{url}}': expected placeholders written {{name}}, "
        "found {url!r}; write a brace as it is in the English message",
        f"{po_file}:12:9: msgid 'Reviewed {{date}}': expected placeholders written {{name}}, "
        "found {date.__class__}; write a brace as it is in the English message"]


def test_error_clinic_catalogue_undrawable_and_invisible_characters(tmp_path):
    path = clinic(tmp_path, {"es.po": HEADER + 'msgid "Key points"\nmsgstr "Puntos 🧪 clave"\n'
                                                '\nmsgid "Contents"\nmsgstr "Índ\u200bice"\n'})
    po_file = tmp_path / "catalogues" / "es.po"
    assert brand_errors(path) == [
        f"{po_file}:6:16: msgid 'Key points': cannot print U+1F9EA TEST TUBE ('🧪'): no bundled "
        "font has it; write it another way",
        f"{po_file}:9:12: msgid 'Contents': found the invisible character U+200B ZERO WIDTH "
        "SPACE, which can join or hide words unseen; remove it"]


def test_error_clinic_catalogue_not_utf8(tmp_path):
    path = clinic(tmp_path, {"es.po": (HEADER + 'msgid "Contents"\nmsgstr "Índice"\n')
                             .encode("latin-1")})
    assert brand_errors(path) == [
        f"{tmp_path / 'catalogues' / 'es.po'}:6:9: expected UTF-8 text, found the byte 0xCD; "
        "save the file as UTF-8"]


def test_error_clinic_catalogues_outside_the_brand_folder(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "es.po").write_text(HEADER, encoding="utf-8")
    inner = tmp_path / "brand"
    inner.mkdir()
    brand = inner / "brand.yaml"
    brand.write_text("organisation: Hilltop Clinic\ntagline: Here for you.\n"
                     "catalogues: ../outside\n", encoding="utf-8")
    message = ("catalogues: expected a folder in the brand file's folder, found '{}', which is "
               "(or leads) outside it; put the catalogues beside the brand file")
    assert brand_errors(brand) == [f"{brand}:3:13: " + message.format("../outside")]
    os.symlink(tmp_path / "outside", inner / "linked")
    brand.write_text(brand.read_text().replace("../outside", "linked"), encoding="utf-8")
    assert brand_errors(brand) == [f"{brand}:3:13: " + message.format("linked")]


def test_error_clinic_catalogue_file_that_links_outside(tmp_path):
    (tmp_path / "secret.po").write_text(HEADER, encoding="utf-8")
    path = clinic(tmp_path, {})
    os.symlink(tmp_path / "secret.po", tmp_path / "catalogues" / "es.po")
    assert brand_errors(path) == [
        f"{tmp_path / 'catalogues' / 'es.po'}: expected a file in the catalogues folder, found "
        "a link to a file outside it; put the catalogue itself there"]


def test_error_clinic_catalogue_that_is_a_folder(tmp_path):
    # An IsADirectoryError traceback, in build and in check, which both read the brand.
    path = clinic(tmp_path, {})
    (tmp_path / "catalogues" / "fr.po").mkdir()
    assert brand_errors(path) == [
        f"{tmp_path / 'catalogues' / 'fr.po'}: expected a .po file, found a folder"]


def test_error_clinic_new_language_incomplete(tmp_path):
    path = clinic(tmp_path, {"de.po": HEADER + 'msgid "Key points"\nmsgstr "Das Wichtigste"\n'})
    (message,) = brand_errors(path)
    assert message.startswith(
        f"{tmp_path / 'catalogues' / 'de.po'}:1:1: expected a translation of every message "
        f"for 'de', which falls back to no other catalogue; missing {len(english_in_code()) - 1}"
        ": ")
    assert message.endswith(" and 35 more (copy handouts/i18n/catalogues/en.po and translate it)")


def test_error_clinic_catalogue_fuzzy_plural_and_name(tmp_path):
    path = clinic(tmp_path, {
        "es.po": HEADER + '#, fuzzy\nmsgid "Contents"\nmsgstr "Sumario"\n\n'
                 'msgid "{count} medicine"\nmsgid_plural "{count} medicines"\n'
                 'msgstr[0] "{count} fármaco"\nmsgstr[1] "{count} fármacos"\n',
        "not a tag.po": HEADER})
    folder = tmp_path / "catalogues"
    assert brand_errors(path) == [
        f"{folder / 'es.po'}:6:1: msgid 'Contents': the translation is marked fuzzy (to be "
        "checked) and would not be printed; check it, then remove the fuzzy flag",
        f"{folder / 'es.po'}:9:1: msgid '{{count}} medicine': expected 3 plural forms for "
        "'es' (msgstr[0] to msgstr[2]), found 2",
        f"{folder / 'not a tag.po'}: expected a file named after its language as a BCP 47 tag, "
        "such as fr.po or es-US.po, found 'not a tag.po'"]


def test_error_clinic_catalogue_read_strictly(tmp_path):
    # Babel's reader would print "nhal" for the first and "Conten" for the second.
    path = clinic(tmp_path, {"es.po": HEADER + 'msgid "Contents"\nmsgstr Inhalt\n\n'
                                                'msgid "Key points\nmsgstr "Clave"\n\n'
                                                'msgid "Phone:"\nmsgstr "Tel\\e:"\n\n'
                                                'msgid "Contact us"\nmsgstr "A"\n\n'
                                                'msgid "Contact us"\nmsgstr "B"\n'})
    po_file = tmp_path / "catalogues" / "es.po"
    quotes = ("expected a keyword (msgid, msgid_plural, msgstr, msgstr[n]) and a string in "
              'double quotes, with \\" for a quote inside it')
    assert brand_errors(path) == [
        f"{po_file}:5:1: msgid 'Contents': expected a msgstr after the msgid",
        f"{po_file}:6:1: {quotes}",
        f"{po_file}:8:7: {quotes}",
        f"{po_file}:9:1: expected msgid before msgstr",
        f"{po_file}:12:8: expected only the escapes \\\\, \\\", \\n and \\t in a string",
        f"{po_file}:17:1: msgid 'Contact us': expected each message once, found it again "
        "(first on line 14); keep one"]


def test_a_regional_catalogue_overrides_its_language(tmp_path):
    brand = handouts.read_brand(clinic(tmp_path, {
        "es.po": HEADER + 'msgid "Contents"\nmsgstr "Contenido"\n',
        "es-US.po": HEADER + 'msgid "Key points"\nmsgstr "Recuerde"\n'}))
    us, spain = words.For("es-US", brand.catalogues), words.For("es-ES", brand.catalogues)
    assert (us(words.KEY_POINTS), us(words.CONTENTS)) == ("Recuerde", "Contenido")
    assert (spain(words.KEY_POINTS), spain(words.CONTENTS)) == ("Lo más importante",
                                                                 "Contenido")


def test_a_catalogue_change_rebuilds_the_formulary(tmp_path):
    from handouts.run import manifest

    path = clinic(tmp_path, {"es.po": HEADER + 'msgid "Contents"\nmsgstr "Contenido"\n'})
    before = manifest.brand_sha256(handouts.read_brand(path))
    (tmp_path / "catalogues" / "es.po").write_text(
        HEADER + 'msgid "Contents"\nmsgstr "Sumario"\n', encoding="utf-8")
    assert manifest.brand_sha256(handouts.read_brand(path)) != before


# --- the brand's tagline per language and its own language ------------------------------------

def test_tagline_per_language(tmp_path, write_yaml):
    brand_file = write_yaml("organisation: Hilltop Clinic\ntagline:\n  en: Here for you.\n"
                            "  es: Aquí para usted.\n", "brand.yaml")
    brand = handouts.read_brand(brand_file)
    assert (brand.tagline, brand.tagline_for("es-US"), brand.tagline_for("en-GB")) == (
        "Here for you.", "Aquí para usted.", "Here for you.")
    spanish = handouts.read_monograph(FIXTURES
                                      / "inotuzumab-ozogamicin.es.yaml", brand)
    assert "Aquí para usted." in _text(handouts.render_leaflet(spanish, brand).pdf, tmp_path)


def test_error_tagline_per_language_without_the_brands_language(write_yaml):
    path = write_yaml("organisation: Hilltop Clinic\ntagline: {es: Aquí para usted.}\n",
                      "brand.yaml")
    assert brand_errors(path) == [
        f"{path}:2:10: tagline: expected a tagline in the brand's language 'en' (its cover and "
        "contents), found one in: es"]


def test_error_monograph_language_without_the_brands_tagline(write_yaml):
    brand = handouts.read_brand(write_yaml(
        "organisation: Hilltop Clinic\ntagline: {en: Here for you.}\n", "brand.yaml"))
    path = write_yaml(GOOD + "language: es-US\n")
    with pytest.raises(InputError) as info:
        handouts.read_monograph(path, brand)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:8:11: language: the brand file gives no tagline in 'es-US'; add one to its "
        "tagline (for example tagline: {en: ..., es: ...}), found it in: en"]


def test_error_brand_language_without_catalogue(write_yaml):
    path = write_yaml("organisation: Hilltop Clinic\ntagline: Here.\nlanguage: de\n",
                      "brand.yaml")
    assert brand_errors(path) == [
        f"{path}:3:11: language: no catalogue for 'de'; available: en, es, fr, ht, ko, pl, pt, "
        "ru, tl, vi, zh-Hans, zh-Hant"]


def test_expected_words_learn_the_catalogue():
    fixture = FIXTURES / "inotuzumab-ozogamicin.es.yaml"
    words_ = expected_words(fixture)
    assert words_[:6] == ["Inotuzumab", "ozogamicina", "Nombres", "comerciales",
                          "frecuentes:", "Besponsa"]
    assert "Cuándo" in words_ and "When" not in words_


# --- the review status of a catalogue -----------------------------------------------------------

ES = "the shipped catalogue 'es'"


@pytest.fixture
def spanish_seed(tmp_path) -> Path:
    """The Spanish seed beside its original, as check wants a translation (a copy: check
    compares the two)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for source in (FIXTURES / "inotuzumab-ozogamicin.es.yaml", SHIPPED_SEED):
        (folder / source.name).write_bytes(source.read_bytes())
    return folder / "inotuzumab-ozogamicin.es.yaml"
REVIEWED = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"X-Review-Status: reviewed\\n"\n'
            '"X-Reviewed-By: Ana Pérez, CCHI-certified medical interpreter\\n"\n'
            '"X-Reviewed-On: 2026-11-30\\n"\n\n')


def unreviewed(path: Path, *catalogues: str, line: int = 9, language: str = "es") -> str:
    """The warning a leaflet gets whose furniture comes from ``catalogues`` unreviewed."""
    return (f"{path}:{line}:1: language: the leaflet's furniture (headings, box sentences, "
            f"labels) in {language!r} comes from {' and '.join(catalogues)}, which no qualified "
            "medical translator has reviewed; have it reviewed, or give the clinic's own "
            "reviewed catalogue (see 'Languages' in the README)")


def spanish() -> str:
    """The shipped Spanish, as a clinic's own catalogue marked reviewed (for the tests'
    sake: no one has reviewed it)."""
    text = (CATALOGUES / "es.po").read_text(encoding="utf-8")
    return REVIEWED + text[text.index("\n\n#.") + 2:]


@pytest.mark.parametrize("tag", SHIPPED)
def test_shipped_catalogues_record_their_review_status(tag):
    review = catalogue.shipped_review(tag)
    # English is the source; no other shipped catalogue has been reviewed by a qualified
    # medical translator yet (es included), and none may claim it without who and when.
    assert (review.status, review.reviewed) == (("source", True) if tag == "en"
                                                 else ("unreviewed", False))


def test_a_review_status_parses():
    from handouts.i18n.review import Review, review_of

    header = ("Content-Type: text/plain; charset=UTF-8\nX-Review-Status: reviewed\n"
              "X-Reviewed-By: Ana Pérez, CCHI-certified medical interpreter\n"
              "X-Reviewed-On: 2026-11-30\n")
    assert review_of(header) == Review("reviewed", "Ana Pérez, CCHI-certified medical "
                                       "interpreter", datetime.date(2026, 11, 30))
    assert review_of(header).reviewed and review_of("X-Review-Status: source\n").reviewed
    assert review_of("Language: fr\n") == Review("unreviewed")
    with pytest.raises(ValueError, match="expected X-Review-Status: reviewed or unreviewed"):
        review_of("X-Review-Status: checked\n")


def test_warning_unreviewed_catalogue_in_check(spanish_seed):
    from helpers.invoke import run

    code, out, _ = run("check", "-q", spanish_seed)
    assert (code, out) == (0, f"warning: {unreviewed(spanish_seed, ES)}\n")


def test_error_strict_unreviewed_catalogue(spanish_seed):
    from helpers.invoke import run

    code, out, _ = run("check", "-q", "--strict", spanish_seed)
    assert code == 1
    assert out == f"warning: {unreviewed(spanish_seed, ES)}\n"


def test_warning_unreviewed_catalogue_in_build(tmp_path, spanish_seed):
    from helpers.invoke import run

    code, _, err = run("build", spanish_seed, "-o", tmp_path / "one")
    assert code == 0 and (tmp_path / "one" / "inotuzumab-ozogamicin.es.pdf").is_file()
    assert f"warning: {unreviewed(spanish_seed, ES)}\n" in err
    assert err.count("warning: ") == 1  # once per file
    code, _, err = run("build", spanish_seed, SHIPPED_SEED, "-o", tmp_path / "two", "-q")
    assert code == 0 and err.count("warning: ") == 1  # the English leaflet gets none
    code, out, _ = run("build", SHIPPED_SEED, spanish_seed, "-o", tmp_path / "three",
                       "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == [unreviewed(spanish_seed, ES)]


def test_a_clinic_reviewed_catalogue_silences_the_warning(tmp_path, spanish_seed):
    from helpers.invoke import run

    assert run("check", "-q", "--strict", spanish_seed)[0] == 1  # the shipped es: unreviewed
    brand = clinic(tmp_path, {"es.po": spanish()})
    assert run("check", "-q", "--strict", "--brand", brand, spanish_seed) == (0, "", "")
    code, _, err = run("build", spanish_seed, "--brand", brand, "-o", tmp_path / "out")
    assert code == 0 and "warning" not in err


def test_warning_a_partial_clinic_reviewed_catalogue(tmp_path, spanish_seed):
    from helpers.invoke import run

    brand = clinic(tmp_path, {"es.po": REVIEWED + 'msgid "Key points"\nmsgstr "Recuerde"\n'})
    code, out, _ = run("check", "-q", "--brand", brand, spanish_seed)
    assert (code, out) == (0, f"warning: {unreviewed(spanish_seed, ES)}\n")


def test_warning_a_clinic_catalogue_is_unreviewed_unless_it_says_so(tmp_path, write_yaml,
                                                                    spanish_seed):
    from helpers.invoke import run

    path = write_yaml(GOOD + "language: de\n")
    brand = clinic(tmp_path, {"de.po": german(),
                              "es.po": HEADER + 'msgid "Key points"\nmsgstr "Recuerde"\n'})
    code, out, _ = run("check", "-q", "--brand", brand, path, spanish_seed)
    assert (code, out) == (0, "".join(
        f"warning: {line}\n" for line in (
            unreviewed(path, "the clinic catalogue 'de'", line=8, language="de"),
            unreviewed(spanish_seed, "the clinic catalogue 'es'", ES))))


def test_error_clinic_catalogue_review_without_who_and_when(tmp_path):
    header = REVIEWED.replace('"X-Reviewed-By: Ana Pérez, CCHI-certified medical interpreter\\n"\n',
                              "")
    path = clinic(tmp_path, {"es.po": header + 'msgid "Contents"\nmsgstr "Contenido"\n',
                             "pt.po": HEADER.replace('"\n\n', '"\n"X-Review-Status: yes\\n"\n\n')
                             + 'msgid "Contents"\nmsgstr "Sumário"\n'})
    folder = tmp_path / "catalogues"
    assert brand_errors(path) == [
        f"{folder / 'es.po'}:4:2: X-Review-Status: expected a reviewed catalogue to say who "
        "reviewed it and when: X-Reviewed-By: (name, qualification) and X-Reviewed-On: "
        "(YYYY-MM-DD), found X-Reviewed-By: '', X-Reviewed-On: '2026-11-30'",
        f"{folder / 'pt.po'}:4:2: X-Review-Status: expected X-Review-Status: reviewed or "
        "unreviewed, found 'yes'"]


def test_a_language_reads_only_the_shipped_catalogues_it_falls_back_to(monkeypatch):
    # A leaflet in Spanish needs es.mo and es.po (its month names, its review), not the other
    # eleven: reading all twelve was 25 ms of every cold build.
    read: list[str] = []
    read_mo, parse_po = catalogue._read_mo, catalogue.parse_po

    def counted_mo(data):
        read.append("a .mo")
        return read_mo(data)

    def named_po(source, problems):
        read.append(source.path)
        return parse_po(source, problems)

    def clear():
        for cached in vars(catalogue).values():
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()

    monkeypatch.setattr(catalogue, "_read_mo", counted_mo)
    monkeypatch.setattr(catalogue, "parse_po", named_po)
    clear()
    try:
        spanish = Catalogues()
        assert spanish.messages("es-US")[words.PAGE] == ("Página {page} de {total}",)
        assert spanish.months("es-US") is None  # CLDR has Spanish months
        assert {str(o) for o in spanish.origins("es-US").values()} == {
            "the shipped catalogue 'es'"}
        assert sorted(read) == ["a .mo", "es.po"]
    finally:
        monkeypatch.undo()
        clear()


def test_shipped_catalogues_are_read_from_the_mo_as_babel_reads_them(monkeypatch):
    # Babel's read_mo builds a Catalog (its header parsed as e-mail, with dates and a locale):
    # ~30 ms of a cold build for the first catalogue. The .mo's messages are read directly.
    import io
    from importlib.resources import files

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import read_mo

    folder = files("handouts.i18n.catalogues")
    expected = {}
    for tag in SHIPPED:
        catalog = read_mo(io.BytesIO(folder.joinpath(f"{tag}.mo").read_bytes()))
        expected[tag] = {
            m.id[0] if isinstance(m.id, (tuple, list)) else m.id:
            tuple(form or "" for form in (m.string if isinstance(m.string, (tuple, list))
                                          else (m.string,)))
            for m in catalog if m.id}
    assert any(len(forms) > 1 for forms in expected["ru"].values())  # plurals are read

    def refused(*args, **kwargs):
        raise AssertionError("a shipped catalogue was read through Babel's Catalog")

    monkeypatch.setattr(Catalog, "__init__", refused)
    catalogue._shipped.cache_clear()
    try:
        assert {tag: catalogue._shipped(tag.casefold()) for tag in SHIPPED} == expected
    finally:
        catalogue._shipped.cache_clear()
