"""The leaflet's pages: ``styles`` (paper, type sizes, geometry), ``layout`` (a ``Monograph`` and a
``Brand`` → flowables in reading order, each tagged with its structure element), ``_flowables``
(bullets, boxes, headings kept with their text), ``_band`` (the header band's fit), ``cover``
(the binder's cover type, measured), ``render`` (the page template and the drawing helpers the
binder shares: furniture, logo, QR code). Takes validated data, gives the PDF bytes ReportLab
writes, tagged and archival through ``pdf``.
"""
