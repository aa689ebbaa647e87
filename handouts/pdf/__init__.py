"""What every PDF handouts writes is made of, below the page: ``fonts`` (the bundled faces, which
character each can draw, subsets with exact ToUnicode maps; ``scripts``, the script CLDR
expects for a language), ``tags`` (the PDF/UA structure
tree and marked content), ``metadata`` (PDF/A: XMP, the output intent, fixed dates), ``write``
(atomic writes, never a partial file) and ``_objstm`` (object streams, for leaflets and the
binder). Takes drawing calls and bytes, gives conformant files;
it imports nothing of the stages above it.
"""
