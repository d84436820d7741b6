"""One escaping function for every page the toolkit writes (widgets, audit report, gradebook)."""

from hypothesis import given
from hypothesis import strategies as st

from toolkit.markup import esc


def test_markup_and_quotes_are_escaped_and_none_is_blank():
    assert (
        esc("<b a=\"1\">x & 'y'</b>") == "&lt;b a=&quot;1&quot;&gt;x &amp; &#x27;y&#x27;&lt;/b&gt;"
    )
    assert esc(None) == "" and esc(3) == "3"


@given(st.text())
def test_escaped_text_never_opens_a_tag_or_leaves_an_attribute(text):
    assert not set(esc(text)) & set("<>\"'")


def test_the_widgets_and_the_audit_report_use_this_one():
    import toolkit.audit.report as report
    import toolkit.course.exercises.gradebook as gradebook
    import toolkit.widgets.common as common

    assert report.esc is esc and common.esc is esc and gradebook._e is esc
