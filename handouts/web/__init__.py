"""The front desk (``handouts serve``): a web page on which clinic staff search a drug, choose
its language, large print, paper and a patient's copy, see each page, and print, download or
file the leaflet. It takes a folder of monographs and a brand and gives Flask's WSGI app; it is
a thin layer over the library (the index of drugs, ``render_leaflet``, ``options.patient``),
renders in worker processes, and keeps a patient's details in POST bodies only."""

from .app import Config, create_app

__all__ = ["Config", "create_app"]
