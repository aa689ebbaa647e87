"""The tool's own words in the leaflet's language: the shipped gettext catalogues (``catalogue``),
the RFC 4647 lookup by which a BCP 47 tag falls back to a catalogue (``tags``), the strict reader
of .po files (``po``), each catalogue's review status from its header (``review``), long dates
from CLDR's patterns (``dates``, with the shipped locales' table ``_long_dates``) and ``words``,
which every printed label, sentence, date and number comes from. Takes a language tag
(and a brand's clinic catalogues), gives ``Words``. It knows nothing of monographs or pages, so
every stage above may use it.
"""
