"""A clinic's brand file, read as untrusted input: ``read`` validates the organisation, tagline,
colours (with their WCAG contrast), contact block and languages into a ``model.Brand``;
``_logo`` reads and checks the logo (inside the brand's folder, bounded, drawn once);
``catalogues`` reads and checks a clinic's own .po files against the English. Takes a brand
file's path, gives a ``Brand`` or an ``InputError``. It sits above ``page`` because it measures
the brand against the page (the organisation in the header band, the binder's cover words).
"""
