"""Untrusted XML parsed with defusedxml: no DTD (so no entity expansion: no billion laughs, no
external entity), no network, and a size limit checked before parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as safe

# The largest SPL in the test fixtures is 0.4 MB; FDA labels run to a few MB. Past this, a
# file is refused before it is parsed: a 100 MB "label" is an attack or a mistake.
MAX_BYTES = 20 * 1024 * 1024


class XMLFault(Exception):
    """The XML cannot be read safely; the message says why, for the import report."""


def parse(data: bytes) -> ET.Element:
    """The root element of ``data``; raises ``XMLFault``."""
    if len(data) > MAX_BYTES:
        raise XMLFault(f"{len(data):,} bytes, more than the {MAX_BYTES:,} a label may have")
    try:
        # forbid_dtd: a label has no DTD; refusing any DTD refuses every entity trick at once.
        root: ET.Element = safe.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                           forbid_external=True)
        return root
    except defusedxml.DTDForbidden:
        raise XMLFault("it declares a DTD, which a label never needs (entities in a DTD "
                       "can expand without bound or read other files); refused") from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise XMLFault("it declares entities, which a label never needs; refused") from None
    except ET.ParseError as e:
        line, column = e.position
        raise XMLFault(f"not well-formed XML at line {line}, column {column + 1} "
                       "(a truncated or damaged file?)") from None
