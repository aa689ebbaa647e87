"""The shipped message catalogues: <tag>.po, which translators edit, and <tag>.mo from it."""
