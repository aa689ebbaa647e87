"""The binder's outline (binder/_outline.py): a drug's headings written when it is placed, the
drugs' own items and the root at the end, linked in order."""

from __future__ import annotations

from handouts.binder import _outline
from handouts.binder._objects import Bookmark


class Recorder:
    """A joiner's numbering and writing, as the outline uses them."""

    def __init__(self) -> None:
        self.next, self.written = 10, {}

    def reserve(self) -> int:
        self.next += 1
        return self.next

    def write(self, number: int, body: bytes, outline: bool = False) -> None:
        assert outline and number not in self.written
        self.written[number] = body


def test_a_bookmark_s_headings_are_written_when_placed_and_its_own_item_at_the_end():
    joiner = Recorder()
    dose = Bookmark("Dose", b"[ 5 0 R /Fit ]", (Bookmark("Children", b"[ 6 0 R /Fit ]"),),
                    open=True)
    drug = Bookmark("Aspirin", b"[ 5 0 R /XYZ null null null ]", (dose,
                    Bookmark("Storage", b"[ 7 0 R /Fit ]")))
    placed = _outline.place(joiner, drug)
    # Its number first, then its children's, then the grandchild's; the drug's item not yet.
    assert placed == _outline.Placed(11, "Aspirin", drug.dest, (12, 13, -3))  # closed: 3 below
    assert sorted(joiner.written) == [12, 13, 14]
    assert joiner.written[12] == (b"<< /Title (Dose) /Parent 11 0 R /Dest [ 5 0 R /Fit ] "
                                  b"/Next 13 0 R /First 14 0 R /Last 14 0 R /Count 1 >>")
    assert joiner.written[14] == b"<< /Title (Children) /Parent 12 0 R /Dest [ 6 0 R /Fit ] >>"
    other = _outline.place(joiner, Bookmark("Zinc", b"[ 8 0 R /Fit ]"))
    assert other == _outline.Placed(15, "Zinc", b"[ 8 0 R /Fit ]", None)
    root = _outline.write(joiner, [placed, other])
    assert root == 16
    assert joiner.written[11] == (b"<< /Title (Aspirin) /Parent 16 0 R /Dest [ 5 0 R /XYZ null "
                                  b"null null ] /Next 15 0 R /First 12 0 R /Last 13 0 R "
                                  b"/Count -3 >>")
    assert joiner.written[15] == (b"<< /Title (Zinc) /Parent 16 0 R /Dest [ 8 0 R /Fit ] "
                                  b"/Prev 11 0 R >>")
    # Only the two drugs are visible: the first is closed.
    assert joiner.written[16] == (b"<< /Type /Outlines /First 11 0 R /Last 15 0 R "
                                  b"/Count 2 >>")
