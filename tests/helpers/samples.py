"""Sample monographs and brand files the tests of several stages write and read."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, FIXTURES
from handouts import InputError

GOOD = """\
name: Testamab
how_it_is_administered: Given as an infusion.
how_it_works: It works.
common_side_effects:
  - Nausea
who_should_take_it: Adults.
who_should_not_take_it: Nobody else.
"""

V2 = GOOD + """\
key_points: [Take it with food., Drink plenty.]
when_to_get_help:
  - A temperature of 38 °C or higher.
storage: Keep it in the fridge.
reviewed: 2025-03-01
next_review: "2027-03-01"
url: https://example.org/medicines/testamab
"""

def errors(read, path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read(path)
    return [str(p) for p in info.value.problems]

SHIPPED_SEED = DATA / "inotuzumab-ozogamicin.yaml"

TRICKY = """\
name: Tricky-mab <b>bold</b> &amp;
brand_names: ["<img src=x onerror=alert(1)>", "Caf\u00e9 & Co", "<font color=red>Red</font>"]
language: en-GB
how_it_is_administered: |
  Doses ≥ 5 mg and ≤ 10 µg/m², ² ³ at 37 °C ± 0.5, 2 × daily – or — “quoted” ‘single’.

  Names: José, Muñoz, Müller; Greek β and κ; arrows → and ←. <b>not bold</b> &amp; &lt;
  <link href="file:///etc/passwd">link</link> <a href="http://example.com">a</a> <br/> <para>
how_it_works: "Plain. <unclosed and & alone; ]]> and \\\\ backslash"
common_side_effects:
  - "<bullet>&bull;</bullet> fake bullet"
  - Nausea (≥ 1 in 10)
serious_side_effects: See a doctor.
who_should_take_it: Adults.
who_should_not_take_it: Children.
"""

# A box is printed whole (never split across pages): 22 signs to call about, and 30 key
# points, are each taller than a page in large print.
TALL = """\
name: Tallamab
how_it_is_administered: By drip.
how_it_works: It works.
common_side_effects:
  - Tiredness
who_should_take_it: Adults.
who_should_not_take_it: Children.
key_points:
""" + "".join(f"  - Key point number {i}, which a patient must read first.\n"
              for i in range(30)) + "when_to_get_help:\n" + "".join(
    f"  - Warning sign number {i}, which needs a call to the team.\n" for i in range(22))

TALL_ERRORS = [
    "8:1: key_points: too long to fit on one page: a box is printed whole, never split across "
    "pages, and this one needs 129% of a page in large print on Letter paper; shorten it, or "
    "move what can wait to a section",
    "39:1: when_to_get_help: too long to fit on one page: a box is printed whole, never split "
    "across pages, and this one needs 107% of a page in large print on Letter paper; shorten "
    "it, or move what can wait to a section",
]

# Every section reads below grade 8 (Flesch–Kincaid 0.9 to 6.3).
PLAIN = """\
name: Testamab
how_it_is_administered: |
  A nurse gives it to you through a drip in your arm. It takes about one hour.
how_it_works: It helps your body fight the cancer cells.
common_side_effects:
  - Feeling sick
  - Headache
  - Feeling tired
who_should_take_it: Adults with this type of blood cancer can take it.
who_should_not_take_it: |
  Do not take it if you are pregnant or if you had a bad reaction to it before.
"""

# how_it_works: one 25-word sentence of long words (grade 32.9).
HARD = PLAIN.replace("how_it_works: It helps your body fight the cancer cells.\n", """\
how_it_works: |
  Testamab is a humanized immunoglobulin monoclonal antibody that selectively
  recognizes the transmembrane glycoprotein expressed on malignant lymphocytes,
  subsequently initiating complement-dependent cytotoxicity and antibody-dependent
  cellular phagocytosis.
""")

SPANISH = FIXTURES / "inotuzumab-ozogamicin.es.yaml"

CONTACT = """\
organisation: Riverside Cancer Care
tagline: Together we care. Together we cure.
contact:
  name: Day Unit
  phone: 01632 960 000
  hours: Monday to Friday, 8am to 6pm
  out_of_hours: 01632 960 999
  address: |
    1 River Road
    Riverside RV1 1AA
"""

# The clinic's texts in English and Spanish (the tagline too, or a Spanish leaflet is refused).
BILINGUAL = """\
organisation: Riverside Cancer Care
tagline: {en: Together we care., es: Juntos cuidamos.}
contact:
  name: {en: Day Unit, es: Unidad de Día}
  phone: 01632 960 000
  hours: {en: "Monday to Friday, 8am to 6pm", es: "De lunes a viernes, de 8 a 18 h"}
  out_of_hours: 01632 960 999
  address:
    en: [1 River Road, Riverside RV1 1AA]
    es: [1 River Road, Riverside RV1 1AA, Entrada B]
"""

ENGLISH_HOURS = BILINGUAL.replace(', es: "De lunes a viernes, de 8 a 18 h"', "")
