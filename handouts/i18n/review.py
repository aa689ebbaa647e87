"""A catalogue's review status, read from its header: whether a qualified medical translator
has reviewed the words it gives a leaflet (README, "Languages"), and by whom and when."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

STATUS = "X-Review-Status"
BY = "X-Reviewed-By"
ON = "X-Reviewed-On"
MONTHS = "X-Month-Names"  # a language whose CLDR data has none (Haitian Creole)

# "source": the English the messages are written in, which nobody translates. A catalogue
# without the field was never said to be reviewed, so it is not.
STATUSES = ("source", "reviewed", "unreviewed")
_FIELD = re.compile(r"^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$")


@dataclass(frozen=True)
class Review:
    """``status`` one of ``STATUSES``; for a reviewed catalogue, who reviewed it (name and
    qualification, as the header gives them) and the day."""

    status: str = "unreviewed"
    by: str = ""
    on: datetime.date | None = None

    @property
    def reviewed(self) -> bool:
        """Whether a patient may be given its words without a warning."""
        return self.status in ("source", "reviewed")


def fields(header: str) -> dict[str, str]:
    """The ``Name: value`` lines of a .po header (the msgstr of msgid ""), by casefolded name."""
    out = {}
    for line in header.split("\n"):
        if match := _FIELD.match(line):
            out[match[1].casefold()] = match[2]
    return out


def review_of(header: str) -> Review:
    """The review status a header records; ValueError, saying what to write, for one that
    is not one of ``STATUSES``, or a "reviewed" that does not say by whom and when."""
    given = fields(header)
    status = given.get(STATUS.casefold(), "unreviewed")
    if status not in STATUSES:
        raise ValueError(f"expected {STATUS}: reviewed or unreviewed, found {status!r}")
    if status != "reviewed":
        return Review(status)
    by, on = given.get(BY.casefold(), ""), given.get(ON.casefold(), "")
    try:
        day = datetime.date.fromisoformat(on)
    except ValueError:
        day = None
    if not by or day is None:
        raise ValueError(
            f"expected a reviewed catalogue to say who reviewed it and when: {BY}: (name, "
            f"qualification) and {ON}: (YYYY-MM-DD), found {BY}: {by!r}, {ON}: {on!r}")
    return Review(status, by, day)


def months_of(header: str) -> tuple[str, ...] | None:
    """The twelve month names a header gives (``X-Month-Names: janvye, ...``), or None."""
    given = fields(header).get(MONTHS.casefold())
    if given is None:
        return None
    names = tuple(name.strip() for name in given.split(","))
    if len(names) != 12 or not all(names):
        raise ValueError(f"expected {MONTHS}: twelve names separated by commas, found "
                         f"{len(names)}")
    return names
