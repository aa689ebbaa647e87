"""The monograph as written, made safe and typed: ``load`` reads a YAML file as untrusted text
into ``Raw`` nodes that remember where each value was written; ``validate`` turns them into the
frozen data classes of ``model`` (a ``Monograph``, a ``Brand``'s parts, the options), collecting
every located problem of a file at once; ``fields`` is the one table of keys that validation,
``schema`` (the JSON Schema for editors) and ``template`` (``handouts new``) are made from; ``text``
and ``_chars`` decide what text a leaflet can hold. Takes bytes, gives a ``Monograph`` or an
``InputError``. It measures nothing on a page: what must fit the page is asked of ``page.fit``.
"""
