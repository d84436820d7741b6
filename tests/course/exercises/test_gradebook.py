"""The gradebook: CSV columns, latest attempt, item analysis, chart, escaped learner text."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.gradebook import (
    grade_folder,
    gradebook_frame,
    item_analysis,
    items_frame,
    report_html,
    rule_analysis,
    write_reports,
)
from toolkit.course.exercises.grading import Answers, key_answers
from toolkit.course.exercises.submission import new_submission, write_submission
from toolkit.errors import BillingInputError

BANK = load_bank()
T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def _submit(folder, learner, exercise_id, answers, minutes=0):
    payload = new_submission(
        learner, exercise_id=exercise_id, answers=answers, now=T0 + timedelta(minutes=minutes)
    )
    return write_submission(payload, folder=folder)


def _class(folder):
    ex1, ex2 = BANK["ex01_tidy_visit"], BANK["ex02_unsigned_note"]
    _submit(folder, "Dana Lee", ex1.id, Answers(), minutes=0)  # first attempt: blank
    _submit(folder, "dana  LEE", ex1.id, key_answers(ex1), minutes=5)  # latest: perfect
    _submit(folder, "<script>alert(1)</script>", ex1.id, Answers(problems=("date",)), minutes=1)
    _submit(folder, '=HYPERLINK("http://x")', ex2.id, key_answers(ex2), minutes=2)
    (folder / "broken.json").write_text('{"format": "cpt97530-sub')
    crafted = new_submission(
        "Eve", exercise_id=ex1.id, answers={}, now=T0
    )  # an option no exercise offers, by hand
    crafted["answers"]["problems"] = ["<img src=x onerror=alert(2)>"]
    (folder / "crafted.json").write_text(json.dumps(crafted))
    return grade_folder(folder, bank=BANK, progress=False)


def test_one_row_per_learner_one_column_per_exercise_latest_attempt(tmp_path):
    results = _class(tmp_path)
    book = gradebook_frame(results)
    assert list(book.columns) == ["learner", *BANK, "overall"]
    assert len(book) == 3  # "Dana Lee" and "dana  LEE" are one learner
    dana = book[book["learner"] == "dana LEE"].iloc[0]  # latest spelling shown
    assert dana["ex01_tidy_visit"] == 100.0  # latest attempt counts
    assert dana.isna()["ex02_unsigned_note"]  # not submitted: blank
    assert dana["overall"] == round(100 / len(BANK), 1)


def test_csv_imports_cleanly_and_defuses_formulas(tmp_path):
    results = _class(tmp_path / "subs")
    paths = write_reports(results, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(paths["gradebook"].read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["learner", *BANK, "overall"]
    assert all(not r["learner"].startswith("=") for r in rows)
    assert any(r["learner"].startswith("'=HYPERLINK") for r in rows)
    assert {float(r["ex01_tidy_visit"]) for r in rows if r["ex01_tidy_visit"]} >= {100.0, 0.0}


def test_item_analysis_uses_first_attempts(tmp_path):
    results = _class(tmp_path)
    analysis = item_analysis(items_frame(results))
    problems = analysis[
        (analysis["exercise"] == "ex01_tidy_visit") & (analysis["item"] == "problems")
    ]
    assert problems.iloc[0]["learners"] == 2
    assert problems.iloc[0]["fully_right"] == 0  # Dana's first attempt was blank
    assert analysis["fully_right"].is_monotonic_increasing  # hardest first


def test_html_report_escapes_learner_text_and_has_chart_and_problem_list(tmp_path):
    results = _class(tmp_path)
    html = report_html(results, gradebook_frame(results), items_frame(results))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html  # the refused pick, escaped
    assert "<svg" in html and "Share of first-attempt items missed, by rule" in html
    assert "broken.json" in html and "not valid JSON" in html
    assert "Item analysis" in html and "doc-treatment-note" in html
    assert "CMS Pub 100-02 Ch.15 §220.3" in html  # rules shown with their sources


def test_backup_copies_count_once_and_add_no_phantom_attempts(tmp_path):
    _class(tmp_path)
    (tmp_path / "backup").mkdir()
    for path in sorted(tmp_path.glob("*__*.json"))[:3]:  # three graded attempts
        (tmp_path / "backup" / path.name).write_bytes(path.read_bytes())
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert len(results.attempts) == 4 and len(results.duplicates) == 3
    assert all(copy.startswith("backup/") for copy, _ in results.duplicates)
    items = items_frame(results)
    dana = items[(items["learner"] == "dana lee") & (items["item"] == "decision")]
    assert sorted(dana["attempt"]) == [1, 2]  # her two real attempts, no copy of either


def test_copies_that_differ_in_bytes_only_count_once(tmp_path):
    """A Windows copy (CRLF line ends) or a re-saved file is the same attempt, not attempt 2."""
    first = _submit(tmp_path, "Dana Lee", "ex01_tidy_visit", Answers(decision="query_clinician"))
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / first.name).write_bytes(first.read_bytes().replace(b"\n", b"\r\n"))
    resaved = json.loads(first.read_text())
    resaved["learner"] = "DANA  LEE"  # the same learner however typed
    (tmp_path / "backup" / "resaved.json").write_text(json.dumps(resaved, indent=None))
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert len(results.attempts) == 1 and len(results.duplicates) == 2
    assert set(items_frame(results)["attempt"]) == {1}
    other_time = dict(resaved, submitted_at="2026-03-04T09:30:00Z")  # a real second attempt
    (tmp_path / "later.json").write_text(json.dumps(other_time))
    assert len(grade_folder(tmp_path, bank=BANK, progress=False).attempts) == 2


def test_a_date_typed_to_win_on_a_file_touched_into_the_future_is_the_oldest(tmp_path):
    import os

    ex1 = BANK["ex01_tidy_visit"]
    now = datetime.now(UTC)
    cheat = write_submission(
        new_submission(
            "Dana Lee", exercise_id=ex1.id, answers=Answers(), now=datetime(2099, 1, 1, tzinfo=UTC)
        ),
        folder=tmp_path,
    )
    os.utime(cheat, ((now + timedelta(days=1)).timestamp(),) * 2)
    write_submission(
        new_submission(
            "Dana Lee", exercise_id=ex1.id, answers=key_answers(ex1), now=now - timedelta(minutes=1)
        ),
        folder=tmp_path,
    )  # real, later
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert gradebook_frame(results).iloc[0]["ex01_tidy_visit"] == 100.0
    assert "oldest attempt" in dict(results.clock_notes)[cheat.name]


def test_a_later_attempt_from_a_clock_set_years_back_still_counts(tmp_path):
    ex1 = BANK["ex01_tidy_visit"]
    now = datetime.now(UTC)
    write_submission(
        new_submission(
            "Dana Lee", exercise_id=ex1.id, answers=Answers(), now=now - timedelta(hours=1)
        ),
        folder=tmp_path,
    )
    reset = write_submission(
        new_submission(
            "Dana Lee",
            exercise_id=ex1.id,
            answers=key_answers(ex1),
            now=datetime(2001, 1, 1, tzinfo=UTC),
        ),
        folder=tmp_path,
    )
    results = grade_folder(tmp_path, bank=BANK, progress=False)  # the file's time is now: later
    assert gradebook_frame(results).iloc[0]["ex01_tidy_visit"] == 100.0
    assert "before 2026" in dict(results.clock_notes)[reset.name]


def test_look_alike_spellings_graded_as_one_learner_are_flagged(tmp_path):
    ex1, ex2 = BANK["ex01_tidy_visit"], BANK["ex02_unsigned_note"]
    _submit(tmp_path, "Tom Lee", ex1.id, key_answers(ex1))
    _submit(tmp_path, "\u0422om Lee", ex2.id, Answers(), minutes=1)  # Cyrillic capital Te
    _submit(tmp_path, "dana lee", ex1.id, Answers())
    _submit(tmp_path, "Dana  LEE", ex2.id, Answers(), minutes=1)  # capitals and spaces: not flagged
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert results.look_alikes == (("Tom Lee", "\u0422om Lee"),)
    html = report_html(results, gradebook_frame(results), items_frame(results))
    assert "Tom Lee / \u0422om Lee (\\u0422om Lee)" in html


def test_a_date_in_2099_does_not_outrank_a_later_real_attempt(tmp_path):
    ex1 = BANK["ex01_tidy_visit"]
    cheat = write_submission(
        new_submission(
            "Sam Lee",
            exercise_id=ex1.id,
            answers=key_answers(ex1),
            now=datetime(2099, 1, 1, tzinfo=UTC),
        ),
        folder=tmp_path,
    )
    import os

    os.utime(cheat, (T0.timestamp(),) * 2)  # the file was really written at T0
    _submit(tmp_path, "Sam-Lee", ex1.id, Answers(), minutes=30)  # the real latest: blank
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    book = gradebook_frame(results)
    assert len(book) == 1 and book.iloc[0]["ex01_tidy_visit"] == 0.0
    assert [name for name, _ in results.clock_notes] == [cheat.name]
    assert "ahead of this computer&#x27;s clock" in report_html(results, book, items_frame(results))


def test_a_failure_while_grading_one_file_lists_it_and_grades_the_rest(tmp_path, monkeypatch):
    import toolkit.course.exercises.gradebook as gradebook

    _class(tmp_path)
    real = gradebook.grade

    def fragile(exercise, *, answers):  # stands in for any bug a crafted file might hit
        if answers.problems == ("date",):
            raise RecursionError("crafted")
        return real(exercise, answers=answers)

    monkeypatch.setattr(gradebook, "grade", fragile)
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert len(results.attempts) == 3
    assert any("cannot be graded (RecursionError)" in reason for _, reason in results.not_graded)
    write_reports(results, tmp_path / "out")  # the rest is still written


def test_names_with_terminal_escapes_are_shown_visibly(tmp_path):
    import json

    payload = dict(
        new_submission("Eve", exercise_id="ex01_tidy_visit", answers={}, now=T0),
        learner="\x1b[2JEve",
    )
    (tmp_path / "eve.json").write_text(
        json.dumps(payload)
    )  # crafted: the widget refuses such names
    blink = dict(payload, answers={"problems": ["\x1b[5m"]})
    (tmp_path / "blink.json").write_text(json.dumps(blink))
    (tmp_path / "\x1b[31mred.json").write_text("{")
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    assert list(gradebook_frame(results)["learner"]) == ["\\x1b[2JEve"]
    assert [name for name, _ in results.not_graded] == ["\\x1b[31mred.json", "blink.json"]
    assert all("\x1b" not in reason for _, reason in results.not_graded)
    assert "'\\x1b[5m' is not one of the options offered" in dict(results.not_graded)["blink.json"]


def test_the_gradebooks_own_folder_inside_the_class_folder_is_not_read(tmp_path):
    _class(tmp_path)
    write_reports(grade_folder(tmp_path, bank=BANK, progress=False), tmp_path / "gradebook")
    again = grade_folder(tmp_path, bank=BANK, progress=False, skip=[tmp_path / "gradebook"])
    assert not any(name.startswith("gradebook") for name, _ in again.not_graded)
    assert len(again.attempts) == 4
    unskipped = grade_folder(tmp_path, bank=BANK, progress=False)  # what a second run used to list
    assert {n for n, _ in unskipped.not_graded} >= {"gradebook/items.csv", "gradebook/report.html"}


def test_grade_folder_takes_the_bank_by_keyword_and_refuses_a_missing_folder(tmp_path):
    with pytest.raises(TypeError):
        grade_folder(tmp_path, BANK)  # the positional call this test forbids
    with pytest.raises(BillingInputError, match="is not a folder of submissions"):
        grade_folder(tmp_path / "absent", bank=BANK, progress=False)


def test_a_wrong_answer_citing_two_rules_is_one_mistake_in_the_rule_table():
    """Issue 22: one wrong answer citing two rules showed both at "50% of 2"."""
    import pandas as pd

    items = pd.DataFrame(
        {
            "attempt": [1, 1, 2],
            "score": [0.0, 1.0, 0.0],
            "rules": ["units-8min mue-97530", "units-8min mue-97530", "units-8min"],
        }
    )
    table = rule_analysis(items)
    assert table["missed_items"].sum() == 1  # one mistake, counted once
    assert table.to_dict("records") == [
        {"rule": "units-8min", "items": 2, "missed_items": 1, "missed": 0.5}
    ]


def test_a_file_in_one_learners_class_folder_naming_another_is_listed_not_counted(tmp_path):
    """Issue 19: Bob wrote a 0 under Alice's name into his own folder; it must not move
    Alice's grade, and the instructor is told (grading the class folder or its submissions/)."""
    from toolkit.course import class_folder

    class_folder.prepare(tmp_path)
    ex2 = BANK["ex02_unsigned_note"]
    alice = class_folder.submissions_folder(tmp_path, "alice-arden")
    bob = class_folder.submissions_folder(tmp_path, "bob-baker")
    _submit(alice, "Alice Arden", ex2.id, key_answers(ex2), minutes=0)
    forged = _submit(bob, "alice-arden", ex2.id, Answers(), minutes=5)
    for folder in (tmp_path / "submissions", tmp_path):
        results = grade_folder(folder, bank=BANK, progress=False)
        book = gradebook_frame(results).set_index("learner")
        assert book.loc["Alice Arden", ex2.id] == 100 and len(book) == 1
        reasons = dict(results.not_graded)
        named = next(name for name in reasons if forged.name in name)
        assert "names another learner" in reasons[named]
    # Outside a class folder a shared workshop folder still grades everyone's files.
    plain = tmp_path / "workshop"
    _submit(plain / "any-sub-folder", "alice-arden", ex2.id, Answers())
    assert len(grade_folder(plain, bank=BANK, progress=False).attempts) == 1


def test_a_class_folder_copied_without_its_settings_still_lists_a_file_naming_another(
    tmp_path,
):
    """F11: the check needed settings/ beside the submissions; a copy of the class's
    submissions (settings left behind) must still not let Bob's file move Alice's grade."""
    ex2 = BANK["ex02_unsigned_note"]
    copy = tmp_path / "copied-class"
    _submit(copy / "submissions" / "alice-arden", "Alice Arden", ex2.id, key_answers(ex2))
    forged = _submit(copy / "submissions" / "bob-baker", "alice-arden", ex2.id, Answers())
    for folder in (copy / "submissions", copy):
        results = grade_folder(folder, bank=BANK, progress=False)
        book = gradebook_frame(results).set_index("learner")
        assert book.loc["Alice Arden", ex2.id] == 100 and len(book) == 1
        reasons = dict(results.not_graded)
        named = next(name for name in reasons if forged.name in name)
        assert "names another learner" in reasons[named]
