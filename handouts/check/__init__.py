"""Checking monographs without building them: ``rules`` runs validation over files and folders
in worker processes and adds located warnings (review dates, readability, a brand text missing
in the monograph's language) and, through ``translations``, a translation's errors against its
original; ``readability`` gives Flesch-Kincaid and SMOG grades per key and
per leaflet. Takes paths and options, gives a ``Report`` with every error and warning.
"""

from .rules import FileReport, Report, check

__all__ = ["FileReport", "Report", "check"]
