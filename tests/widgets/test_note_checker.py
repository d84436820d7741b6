"""The note checker: the documentation rules' findings per part of the note, bad entries beside fields."""

import pytest

from toolkit.widgets.note_checker import NoteChecker, blank_note, show


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def elements(checker):
    return {f.element for f in checker.findings if f.severity != "info"}


def test_sample_note_shows_its_two_problems_with_sources():
    checker = show()
    assert elements(checker) == {"units_match", "signature_credentials"}
    html = checker.findings_html.value
    assert "Source: CMS Pub 100-02 Ch.15 §220.3" in html
    assert (
        "<td>Signature and credentials</td><td>✗ missing or wrong</td>"
        in checker.checklist_html.value
    )


def test_fixing_the_note_clears_the_findings():
    checker = show()
    checker.credentials[0].value = "PT"
    checker.rows[0].units.value = "1"
    checker.rows[1].units.value = "1"
    checker.check_button.click()
    assert elements(checker) == set()
    assert "✗" not in checker.checklist_html.value


def test_blank_note_lists_what_is_missing():
    checker = show(blank_note())
    assert {"date", "interventions", "total_treatment_time", "signature_credentials"} <= elements(
        checker
    )


@pytest.mark.parametrize(
    "field, typed, shown",
    [
        ("time", "abc", "got &#x27;abc&#x27;"),
        ("time", "9:30-9:00", "end is before the start"),
        ("units", "-2", "got &#x27;-2&#x27;"),
        ("code", "12345", "12345 is not a code this course knows"),
    ],
)
def test_bad_intervention_entries_are_named_on_their_row(field, typed, shown):
    checker = show()
    getattr(checker.rows[0], field).value = typed
    assert checker.check() is None
    assert shown in checker.rows[0].message.value
    assert "Fix the entry" in checker.findings_html.value


def test_bad_total_is_named_beside_its_box_and_checker_recovers():
    checker = NoteChecker()
    checker.total_timed[0].value = "thirty"
    checker.check_button.click()
    assert "got &#x27;thirty&#x27;" in checker.total_timed[1].value
    checker.total_timed[0].value = "35"
    checker.check_button.click()
    assert checker.total_timed[1].value == "" and checker.findings is not None


def test_clock_times_are_recognised_and_rows_can_be_added():
    checker = show()
    assert "doc-clock-times" not in {
        f.rule_id for f in checker.findings
    }  # 9:00-9:25 is a clock time
    row = checker.add_row("97140", "8", "0")
    checker.check_button.click()
    assert checker.findings is not None and len(checker.rows) == 3
    row.remove.click()
    assert len(checker.rows) == 2 and "cpt-note-checker" in checker._dom_classes


def test_checklist_follows_an_edit_made_after_check():
    """After the first check, the findings always describe what is on screen."""
    from toolkit.widgets.note_checker import show as show_note

    checker = show_note()
    checker.credentials[0].value = "PT, DPT"
    assert "signature_credentials" not in {f.element for f in checker.findings}
    checker.signature[0].value = ""  # no second click
    assert "signature_credentials" in {f.element for f in checker.findings}


def test_findings_are_an_observable_trait_and_a_fake_one_renders():
    from toolkit.rules.findings import Finding

    checker = show(check_now=False)
    seen = []
    checker.observe(lambda change: seen.append(change["new"]), names="findings")
    checker.check()
    assert seen == [checker.findings] and checker.findings
    fake = [Finding("doc-functional-goal", "error", "Fake: no goal.", element="functional_goal")]
    checker.set_trait("findings", fake)
    assert "Fake: no goal." in checker.findings_html.value
    assert "Functional goal and activities described</td><td>✗ missing or wrong" in (
        checker.checklist_html.value
    )
    assert "Date of treatment</td><td>✓ OK" in checker.checklist_html.value


def test_show_and_the_checker_take_options_by_keyword_only():
    with pytest.raises(TypeError):
        show(None, "ama")  # noqa - positional method is refused
    assert show(method="ama", check_now=False).method == "ama"
