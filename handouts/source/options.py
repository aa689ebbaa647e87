"""What is typed on a command line or a web form for one leaflet (a patient's details, a new
drug's name), checked as a monograph's text is, and refused without ever repeating the value:
a patient's name must not reach a log."""

from __future__ import annotations

import datetime
import re

from ..errors import Collector, Source, UsageError
from ..pdf import fonts
from . import _chars, text
from .checker import Checker, Fit
from .load import Raw, find_unprintable
from .model import Patient
from .validate import DATE, drug_name

MAX_PHONE = 30  # characters
PHONE = re.compile(rf"(?=(?:\D*\d){{3}})[0-9+()\-. ]{{3,{MAX_PHONE}}}")
PHONE_EXAMPLE = "a telephone number such as '01632 960 000' or '+44 1632 960000'"
MAX_PATIENT_TEXT = 100  # characters of a name on the "Prepared for" box


class OptionError(UsageError):
    """A value given on the command line (a patient's details) is wrong."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option
        self.message = message


def patient(name: str | None = None, prescriber: str | None = None,
            start_date: str | None = None, clinic_phone: str | None = None) -> Patient:
    """A patient's details as typed, checked like a monograph's text; raises ``OptionError``
    naming the first option that is wrong (never repeating the value: it may be a name)."""
    for option, value in (("--for", name), ("--prescriber", prescriber)):
        if value is not None:
            option_text(option, value)
    date = None
    if start_date is not None:
        try:
            if not DATE.fullmatch(start_date):
                raise ValueError
            date = datetime.date.fromisoformat(start_date)
        except ValueError:
            raise OptionError("--start-date", "expected a date written YYYY-MM-DD, such as "
                              "2026-12-03") from None
    if clinic_phone is not None and not PHONE.fullmatch(text.collapse(clinic_phone)):
        raise OptionError("--clinic-phone", f"expected {PHONE_EXAMPLE}")
    return Patient(name=name and text.collapse(name), prescriber=prescriber and
                   text.collapse(prescriber), start_date=date,
                   clinic_phone=clinic_phone and text.collapse(clinic_phone))


def option_text(option: str, value: str, drug: Fit | None = None) -> str:
    """Text typed for ``option``, checked as a monograph's text is (with ``drug``, the page
    it must fit, a drug's name as the ``name`` key is); raises ``OptionError`` without
    repeating the value: a patient's detail is named by the fault and position of a
    character, never by the character."""
    if drug is None:
        # Position in the text as printed (NFC), so every character checked is one printed.
        for at, char in enumerate(text.normalise(value)):
            fault = _fault(char, fonts.REGULAR)
            if fault is not None:
                raise OptionError(option, f"character {at + 1} is {fault}; write it without "
                                  "that character")
    problems = Collector(option)
    check = Checker(Source(option, value), problems, drug)
    node = Raw("text", value, 0, len(value))
    checked = (drug_name(check, node, "name") if drug is not None
               else check.string(node, "", what="a name"))
    if checked is None:
        raise OptionError(option, problems.problems[0].message)
    if drug is None and len(text.collapse(value)) > MAX_PATIENT_TEXT:
        raise OptionError(option, f"expected at most {MAX_PATIENT_TEXT} characters")
    return text.collapse(checked)


def _fault(char: str, face: fonts.Face) -> str | None:
    """What ``Checker.string`` would refuse ``char`` for, in words that repeat nothing of
    it: its code point and Unicode name are part of a patient's details too."""
    if find_unprintable(char):
        code = ord(char)
        return ("a lone surrogate (bytes that are not UTF-8)" if 0xD800 <= code <= 0xDFFF
                else "a noncharacter" if code in (0xFFFE, 0xFFFF) else "a control character")
    fault = _chars.fault(char)
    if fault is not None:
        return fault
    if fonts.undrawable(char, face):
        return "one no bundled font has"
    if _chars.astral(char):
        return ("beyond U+FFFF, which some PDF readers (Ghostscript) extract as other "
                "characters")
    return None
