"""The bundled fonts, installed as the package data ``handouts._fonts`` (see README.md here)."""
