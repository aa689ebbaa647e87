"""Many leaflets in one run: ``batch`` finds the monographs of files, folders and patterns, plans
the outputs, builds them in worker processes (``_pool``) with progress, and keeps
``manifest.json`` (``manifest``) so that a re-run rebuilds only what changed; ``fhir`` writes the
FHIR DocumentReference beside each leaflet; ``binders`` tells whether the binder must be
written again. Takes paths and options, gives results one by one and a summary; it calls
``build`` for each leaflet and ``binder`` for the book.
"""
