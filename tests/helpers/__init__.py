"""What the tests share: sample monographs and brands, readers of a PDF's structure, the
CLI in-process, formularies of many leaflets, veraPDF, worker faults. A test module imports
these, never another test module."""
