"""The whole formulary as one book: ``make`` orders the built leaflets, draws the cover and
contents (``_frontmatter``) and joins them into one tagged PDF/UA-1, PDF/A-2a file
(``_pdfjoin``) with a bookmark and page labels per drug, written atomically. Takes the leaflets'
PDF files and the brand, gives the binder; it reads only the PDFs, never the monographs.
"""
