"""The remittance widget without a kernel: samples explained, bad text named beside the box,
what the learner pasted never lost."""

import pytest

from toolkit.course.lessons.sample_claims import SAMPLE_835
from toolkit.widgets import remittance
from toolkit.widgets.remittance import OWN

CUT = SAMPLE_835["Too many units (CO-151)"][:-40]


def test_a_sample_is_read_and_each_adjustment_explained_with_its_source():
    widget = remittance.show(pick="Bundled with manual therapy (CO-97)")
    assert widget.remittance is not None and not widget.needs_fixing
    html = widget.findings_html.value
    assert "CO-97" in html and "59 or the fitting X modifier" in html and "Source:" in html
    assert "97530 GP" in widget.summary_html.value


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("hello, this is my remittance", "not an X12 file"),
        (CUT, "cut off"),
        ("", "paste an 835"),
        (SAMPLE_835["Too many units (CO-151)"].replace("ST*835", "ST*837"), "not an 835"),
    ],
)
def test_bad_text_is_one_line_beside_the_box_and_stays(text, said):
    widget = remittance.show()
    widget.text.value = text
    widget.read_button.click()  # never raises
    assert said in widget.message.value and widget.message.value.count('role="alert"') == 1
    assert widget.text.value == text and widget.needs_fixing
    assert widget.summary_html.value == ""


def test_picking_a_sample_keeps_what_was_pasted():
    widget = remittance.show()
    widget.text.value = CUT
    assert widget.picker.value == OWN
    widget.picker.value = "Paid with coinsurance (CO-45, PR-2)"
    assert widget.remittance is not None
    widget.picker.value = OWN
    assert widget.text.value == CUT and widget.needs_fixing


def test_every_sample_reads_clean():
    widget = remittance.show()
    for name in SAMPLE_835:
        widget.picker.value = name
        assert widget.remittance is not None and not widget.message.value, name
