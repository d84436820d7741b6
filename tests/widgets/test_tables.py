"""Lesson tables and boxes: engine-computed rows, sources shown, UNVERIFIED labelled, progress overview."""

import pytest

from toolkit.course import learner_store as progress
from toolkit.course.lessons.misconceptions import MISCONCEPTIONS
from toolkit.widgets import tables


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def test_misconception_boxes_show_every_source_and_label_unverified():
    for key, item in MISCONCEPTIONS.items():
        html = tables.misconception(key).value
        assert "Common misconception" in html and html.count("Source:") == len(item.rule_ids)
    assert "UNVERIFIED" in tables.misconception("history-dates").value
    assert "UNVERIFIED" not in tables.misconception("chiropractor").value


def test_worked_examples_are_the_cms_manuals_own_and_come_from_the_engine():
    view = tables.cms_worked_examples()
    assert [r.minutes for r in view.results] == [
        {"97112": 24, "97110": 23},
        {"97112": 20, "97110": 20},
        {"97110": 33, "97140": 7},
        {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
        {"97112": 7, "97110": 7, "97140": 7},
    ]
    assert [r.total_units for r in view.results] == [3, 3, 3, 3, 1]
    assert view.results[3].units == {"97110": 1, "97140": 1, "97116": 1, "97035": 0}
    assert view.results[2].units == {"97110": 2, "97140": 1}
    assert "97112: 2, 97110: 1" in view.value and "60 min" not in view.value
    assert [r.tie_broken for r in view.results] == [False, True, False, False, True]
    assert "either is correct" in view.rows[1][2] and "either is correct" in view.rows[4][2]


def test_method_differences_go_both_ways():
    view = tables.method_differences()
    assert [(r.total_units, a.total_units) for r, a in zip(view.results, view.per_code)] == [
        (2, 3),
        (3, 2),
        (3, 2),
    ]
    assert [row[3] for row in view.rows] == [
        "per code gives more",
        "per code gives fewer",
        "per code gives fewer",
    ]


def test_seed_examples_table_says_not_to_medicare_where_it_applies():
    view = tables.seed_examples_table()
    assert len(view.rows) == 10
    not_medicare = [row[0] for row in view.rows if "Not to Medicare" in row[4]]
    assert not_medicare == [3, 10]
    assert "20 min: 1 (CMS) / 1 (per code)" in view.rows[2][6]


def test_progress_overview_reflects_saved_answers():
    progress.record_answer("04_time_and_units", item_id="units-seven", answer="0", correct=True)
    progress.save_practice("04_time_and_units", tried=4, right=3, problem=5)
    view = tables.progress_overview()
    row = view.rows[3]
    assert row[1] == "1 of 2 answered, 1 right" and row[2] == "3 right of 4"
    assert "cpt-progress-overview" in view._dom_classes
    # No file paths in a learner's page (issue 22: "Saved in /home/.../learner.db").
    from toolkit.settings import learner_home

    assert str(learner_home()) not in view.value and "learner.db" not in view.value
    assert "Saved automatically" in view.value


def test_reference_tables_show_sources():
    assert "Source" in tables.modifiers_table().value
    assert any(row[0] == 2026 for row in tables.kx_thresholds_table().rows)
    assert "UNVERIFIED" in tables.rule_box("mue-97530").value


def test_code_pairs_table_labels_unverified_pairs_and_dates_only_sourced_ones():
    rows = {row[0]: row for row in tables.code_pairs_table().rows}
    assert rows["97530 + 97116"][4].endswith("[UNVERIFIED]")
    assert not any("[unverified]" in row[4] for row in rows.values())
    assert rows["97150 + 97530"][3] == "no date (no source)"
    assert rows["97530 + 97164"][3] == "2020-10-01"


def test_progress_overview_says_when_saved_progress_cannot_be_read(tmp_path):
    from toolkit.settings import learner_db

    learner_db().mkdir()  # a folder where the database file should be
    view = tables.progress_overview()  # must not raise
    assert "could not be read" in view.value and "cannot open" in view.value
    assert view.rows[3][1] == "0 of 2 answered, 0 right"


def test_progress_overview_lists_exercises_with_attempts_best_and_latest(tmp_path, monkeypatch):
    from toolkit.widgets.exercise import exercise

    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CPT97530_SUBMISSIONS", raising=False)
    monkeypatch.delenv("CPT97530_COURSE", raising=False)
    before = tables.progress_overview().value
    assert "Your graded exercises" in before and "not yet" in before
    from toolkit.course.exercises.bank import load_bank

    key = load_bank()["ex02_unsigned_note"]
    widget = exercise("ex02_unsigned_note")
    widget.name.value = "Sam Berg"
    for problem in key.problems:  # first attempt: the key, 100%
        widget.problem_boxes[problem].value = True
    for code in key.codes:
        widget.units[code].value = str(key.correct_claims[0].units.get(code, 0))
        widget.mods[code].value = ", ".join(key.correct_claims[0].modifiers.get(code, ()))
    widget.decision.value = key.decision
    widget.submit()
    first = widget.last_result.score
    widget.start_fresh()
    widget.submit()  # second attempt: nothing answered
    latest = widget.last_result.score
    assert first == 100 and latest < first
    row = tables.progress_overview().value.split("ex02_unsigned_note.ipynb")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells == ["2", f"{max(first, latest):.0f}%", f"{latest:.0f}%"]


def test_what_a_table_shows_is_in_read_only_traits():
    import traitlets

    view = tables.cms_unit_table(most_units=3)
    assert view.rows == [(0, tables.minutes_row(0)), (1, "8-22"), (2, "23-37"), (3, "38-52")]
    assert "cpt-table-view" in view._dom_classes
    with pytest.raises(traitlets.TraitError):
        view.rows = []
    assert tables.misconception("chiropractor").item is MISCONCEPTIONS["chiropractor"]
    assert tables.all_misconceptions().items == list(MISCONCEPTIONS.values())
    assert tables.descriptor().code.code == "97530"
    shared = tables.co_treatment_example(30, 30)  # lesson 11 passes the minutes positionally
    assert shared.result.units == {"97530": 2} and len(shared.rows) == len(shared.result.steps)
    assert len(tables.seed_examples_table().checks) == 10


def test_a_view_refuses_state_it_does_not_declare():
    import traitlets

    with pytest.raises(traitlets.TraitError):
        tables.TableView("<p>x</p>", css="cpt-table-view", results=[])


def test_the_progress_overview_updates_itself_in_a_kernel(monkeypatch):
    """Issue 22: lesson 1's table was not live. In a kernel (an event loop running), an
    answer saved elsewhere appears without running the cell again."""
    import asyncio

    monkeypatch.setattr(tables, "PROGRESS_REFRESH_SECONDS", 0.05)

    async def in_a_kernel():
        view = tables.progress_overview()
        assert view.rows[3][1] == "0 of 2 answered, 0 right"
        progress.record_answer("04_time_and_units", item_id="units-seven", answer="0", correct=True)
        for _ in range(100):  # until the table re-read the store (at most 5 s)
            if view.rows[3][1] != "0 of 2 answered, 0 right":
                break
            await asyncio.sleep(0.05)
        assert view.rows[3][1] == "1 of 2 answered, 1 right"
        assert "1 of 2 answered, 1 right" in view.value
        view.close()

    # Its own thread: Playwright's sync API keeps an event loop running in the test thread
    # once a browser test has started one, and asyncio.run refuses to nest in it.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, in_a_kernel()).result()
    outside = tables.progress_overview()  # no event loop: a table as it was, nothing scheduled
    assert outside.rows[3][1] == "1 of 2 answered, 1 right"
