"""Every word the tool itself prints on a leaflet or binder (the monograph's words are the
author's): one place, so that a leaflet in another language can have them all."""

from __future__ import annotations

import datetime

BRAND_NAMES = "Common brand names:"
KEY_POINTS = "Key points"
WHEN_TO_GET_HELP = "When to get help"
CONTACT = "Contact us"
PREPARED_FOR = "Prepared for:"
PRESCRIBER = "Prescriber:"
START_DATE = "Start date:"
CLINIC_PHONE = "Clinic phone:"
PHONE = "Phone:"
OUT_OF_HOURS = "Out of hours:"
MORE = "More information:"
QR_ALT = "QR code for {url}"
REVIEWED = "Reviewed {date}"
NEXT_REVIEW = "Next review {date}"
PAGE = "Page {page} of "  # the total follows, drawn once it is known
CALL_NONE = "Call your care team straight away."
CALL_DAY = "Call us straight away on {phone}."
CALL_DAY_HOURS = "Call us straight away on {phone} ({hours})."
CALL_OUT_OF_HOURS = "Out of hours, call {phone}."
CALL_YOURS = "Call your clinic straight away on {phone}."
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # not %B: that follows the locale


def long_date(date: datetime.date) -> str:
    """1 March 2025."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
