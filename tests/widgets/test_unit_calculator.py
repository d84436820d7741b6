"""The unit calculator widget, driven the way a learner drives it (real ipywidgets, no kernel)."""

import ipywidgets as widgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.rules.units import bill_units
from toolkit.widgets.common import parse_minutes
from toolkit.widgets.unit_calculator import UnitCalculator


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def test_cms_worked_example_shows_units_steps_and_sources():
    calc = UnitCalculator([("97112", "24"), ("97110", "23")])
    assert calc.result.units == {"97112": 2, "97110": 1}
    assert "<td>97112</td><td>timed</td><td>24</td><td>2</td>" in calc.units_html.value
    assert "Total: 3 units" in calc.units_html.value
    assert "Source: CMS Pub 100-04 Ch.5 §20.2 [CMS manual]" in calc.steps_html.value
    assert len(calc.result.steps) == calc.steps_html.value.count("<li>")


def test_method_toggle_and_side_by_side():
    calc = UnitCalculator([("97530", "8"), ("97110", "8"), ("97140", "8")])
    assert calc.result.total_units == 2
    assert "<td>Total</td><td>24</td><td>2</td><td>3</td>" in calc.compare_html.value
    assert "The methods differ here" in calc.compare_html.value
    calc.method.value = "ama"
    assert calc.result.method == "ama" and calc.result.total_units == 3
    assert "secondary source" in calc.steps_html.value


def test_add_and_remove_rows():
    calc = UnitCalculator([("97530", "38")])
    row = calc.add_row()
    row.code.value, row.minutes.value = "97140", "10"
    assert calc.result.units == {
        "97530": 2,
        "97140": 1,
    }  # 48 min = 3 units; 97140 has 10 left over, 97530 8
    assert len(calc.rows_box.children) == 2
    calc.add_button.click()
    assert len(calc.rows) == 3 and calc.result is not None  # a blank row is waiting, not an error
    row.remove.click()
    assert [r.code.value for r in calc.rows] == ["97530", ""]
    assert calc.result.units == {"97530": 3}


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("abc", "got &#x27;abc&#x27;"),
        ("-5", "got -5"),
        ("12.5", "got &#x27;12.5&#x27;"),
        ("", "enter the minutes for 97530"),
        ("2000", "got 2000"),
    ],
)
def test_bad_minutes_show_beside_the_field_and_the_widget_recovers(typed, shown):
    calc = UnitCalculator([("97530", "38")])
    calc.rows[0].minutes.value = typed
    assert shown in calc.rows[0].message.value
    assert calc.result is None and "Fix the entry" in calc.units_html.value
    calc.rows[0].minutes.value = "23"
    assert calc.rows[0].message.value == "" and calc.result.units == {"97530": 2}


def test_unknown_and_duplicate_codes_are_named_on_their_row():
    calc = UnitCalculator([("97530", "20"), ("9753", "10")])
    assert "9753 is not a code this course knows" in calc.rows[1].message.value
    calc.rows[1].code.value = "97530"
    assert "already on an earlier row" in calc.rows[1].message.value
    assert calc.rows[0].message.value == ""


def test_clock_times():
    calc = UnitCalculator(
        [("97530", "", "9:05 AM", "9:28 AM"), ("97140", "", "9:28", "9:40")], mode="clock"
    )
    assert calc.result.minutes == {"97530": 23, "97140": 12}
    assert calc.result.units == bill_units({"97530": 23, "97140": 12}).units
    calc.rows[1].end.value = "9:00"
    assert "before start time" in calc.rows[1].message.value
    calc.rows[1].end.value = "25:00"
    assert (
        "looks like 9:05" in calc.rows[1].message.value
        or "not a real clock time" in calc.rows[1].message.value
    )
    calc.mode.value = "minutes"  # back to minutes: rows now need minutes typed
    assert calc.rows[0].minutes.layout.display == "" and calc.rows[0].start.layout.display == "none"


def test_day_over_1440_minutes_is_a_message_not_a_traceback():
    calc = UnitCalculator([("97530", "1000"), ("97110", "1000")])
    assert calc.result is None
    assert "more than the 1440 minutes in a day" in calc.message.value


def test_untimed_code_and_picture():
    calc = UnitCalculator([("97530", "30"), ("97010", "15")])
    assert calc.result.units == {"97530": 2, "97010": 1}
    svg = calc.chart_html.value
    assert 'role="img"' in svg and "97010: 15 minutes, 1 unit" in svg and "(untimed)" in svg


def test_stable_css_classes_for_browser_tests():
    calc = UnitCalculator()
    assert "cpt-unit-calculator" in calc._dom_classes
    assert "cpt-minutes-input" in calc.rows[0].minutes._dom_classes
    assert "cpt-field-message" in calc.rows[0].message._dom_classes
    assert "cpt-units-result" in calc.units_html._dom_classes
    assert "cpt-steps" in calc.steps_html._dom_classes
    assert all(box.description for box in calc.rows[0].inputs())  # every input has a label


CODES = ["97530", "97110", "97140", "97112", "97010"]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(CODES), st.integers(0, 120), min_size=1, max_size=4),
    st.sampled_from(["cms", "ama"]),
)
def test_calculator_shows_exactly_what_the_rules_engine_says(minutes, method):
    calc = UnitCalculator([(c, str(m)) for c, m in minutes.items()], method=method)
    assert calc.result == bill_units(minutes, method=method)
    assert f"Total: {calc.result.total_units} unit" in calc.units_html.value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8))
def test_any_typed_minutes_are_a_number_or_a_trainee_message(text):
    try:
        value = parse_minutes(text, what="97530")
    except BillingInputError as bad:
        assert "97530" in str(bad)
    else:
        assert 0 <= value <= 1440 and value == int(text.strip())


@pytest.mark.parametrize("typed", ["+38", "3_8", "\u0663\u0668", "\u00b2", "9" * 5_000])
def test_minutes_the_command_line_refuses_are_refused_here_too(typed):
    # int() takes "+38", "3_8" and Arabic-Indic 38; `cpt97530 units` never did. 5,000 digits
    # are more than int() converts: a ValueError before, now a message.
    calc = UnitCalculator([("97530", typed)])
    assert calc.result is None and calc.minutes is None
    assert "whole number" in calc.rows[0].message.value


def test_switching_to_clock_times_shows_no_error_before_anything_is_typed():
    calc = UnitCalculator([("97530", "38"), ("97140", "10")])
    calc.mode.value = "clock"
    assert all(row.message.value == "" for row in calc.rows) and calc.message.value == ""
    assert "start and end times" in calc.units_html.value
    calc.rows[0].start.value = "9:05 AM"  # half-typed: now it is worth saying what is missing
    assert "enter both a start and an end time" in calc.rows[0].message.value


def test_every_box_has_its_own_name_and_a_placeholder_that_is_visibly_a_hint():
    from toolkit.widgets import common
    from toolkit.widgets.claim_checker import ClaimChecker
    from toolkit.widgets.note_checker import NoteChecker

    def boxes(root):
        if isinstance(root, (widgets.Text, widgets.Combobox, widgets.Textarea, widgets.Dropdown)):
            yield root
        for child in getattr(root, "children", ()):
            yield from boxes(child)

    calc = UnitCalculator([("97530", "38"), ("97140", "10")])
    for view in (calc, ClaimChecker([{"code": "97530"}, {"code": "97140"}]), NoteChecker()):
        found = list(boxes(view))
        names = [b.description for b in found]
        assert len(found) >= 4 and len(names) == len(set(names)), names
        for box in found:
            hint = getattr(box, "placeholder", "").strip("\u200b")  # ipywidgets' "none"
            assert hint == "" or hint.startswith(("e.g. ", "(")), (box.description, hint)
            assert common.example_hint(hint) == hint


def test_the_rows_as_read_and_the_answer_are_traits_other_code_observes():
    calc = UnitCalculator([("97530", "38")])
    seen = []
    calc.observe(lambda change: seen.append(change["new"]), names="result")
    assert calc.minutes == {"97530": 38} and set(calc.results) == {"cms", "ama"}
    calc.rows[0].minutes.value = "23"
    assert (
        calc.minutes == {"97530": 23}
        and seen == [calc.result]
        and calc.result.units == {"97530": 2}
    )
    calc.rows[0].minutes.value = "lots"
    assert calc.minutes is None and calc.result is None and calc.results == {}
    assert seen[-1] is None and "Fix the entry" in calc.hint


def test_a_result_set_by_hand_is_what_the_view_shows():
    """Rendering follows the `result` trait, not the rows (no rules run for the view)."""
    calc = UnitCalculator([("97530", "38")])
    other = bill_units({"97110": 53}, method="cms")
    calc.set_trait("results", {"cms": other, "ama": bill_units({"97110": 53}, method="ama")})
    calc.set_trait("result", other)
    assert "Total: 4 units" in calc.units_html.value and "97110" in calc.chart_html.value
    calc.set_trait("result", None)
    assert calc.chart_html.value == "" and calc.steps_html.value == ""


def test_results_cannot_be_written_from_outside():
    import traitlets

    calc = UnitCalculator()
    for name in ("result", "results", "minutes", "hint"):
        with pytest.raises(traitlets.TraitError):
            setattr(calc, name, None)


def test_a_discipline_or_a_role_after_the_code_counts_in_its_own_pool():
    # issue 21: PT 25 + OT 25 are 2 + 2 units; a PT's and a PTA's rows of one service are
    # counted together in the PT pool, with a step on how many units take CQ.
    from toolkit.widgets.unit_calculator import UnitCalculator

    calc = UnitCalculator([("97530:GP", "25"), ("97535:GO", "25")])
    assert calc.result.units == {"97530 GP": 2, "97535 GO": 2}
    assert "97535 GO" in calc.units_html.value
    calc = UnitCalculator([("97110:PT", "5"), ("97110:PTA", "10"), ("97530:PT", "25")])
    assert calc.result.units == {"97110 GP": 1, "97530 GP": 2}
    assert "takes CQ" in calc.steps_html.value
    calc = UnitCalculator([("97530:GP", "25"), ("97530:aide", "13")])
    assert calc.result is None and "minutes never count" in calc.rows[1].message.value
