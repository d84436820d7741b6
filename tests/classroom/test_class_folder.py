"""The class folder: mode settings and progress summaries, read back as checked data."""

import json
import os

import pytest

from toolkit.classroom import class_folder
from toolkit.classroom.class_folder import ClassMode


def test_a_new_class_practises_and_shows_answers(tmp_path):
    class_folder.prepare(tmp_path)
    mode = class_folder.read_mode(tmp_path)
    assert mode == ClassMode() and not mode.hide_answers
    assert (tmp_path / "submissions").is_dir() and (tmp_path / "progress").is_dir()


def test_assessment_hides_answers_until_released(tmp_path):
    class_folder.write_mode(tmp_path, ClassMode("assessment", False, "first"))
    assert class_folder.read_mode(tmp_path).hide_answers
    class_folder.write_mode(tmp_path, ClassMode("assessment", True, "first"))
    mode = class_folder.read_mode(tmp_path)
    assert not mode.hide_answers and mode.count == "first"


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"mode": "exam", "count": "best"}',
                                  '{"mode": "assessment", "answers_released": "yes"}'])
def test_a_damaged_settings_file_never_reveals_more_than_it_says(tmp_path, text):
    (tmp_path / class_folder.SETTINGS_FILE).write_text(text)
    mode = class_folder.read_mode(tmp_path)
    assert mode.mode in class_folder.MODES and mode.count in class_folder.COUNTS
    assert mode.answers_released is False


def test_summary_round_trip_and_crafted_counts_are_cleaned(tmp_path):
    path = class_folder.write_summary(tmp_path, "dana-lee", {"02_what_is_97530": {
        "answered": 2, "right": 1, "questions": 2, "practice_tried": 0, "practice_right": 0}})
    assert path == tmp_path / "progress" / "dana-lee" / "summary.json"
    assert class_folder.read_summary(path)["lessons"]["02_what_is_97530"]["right"] == 1
    data = json.loads(path.read_text())
    data["lessons"]["02_what_is_97530"] = {"answered": -5, "right": "9", "questions": 10**9}
    path.write_text(json.dumps(data))
    counts = class_folder.read_summary(path)["lessons"]["02_what_is_97530"]
    assert counts == {"answered": 0, "right": 0, "questions": 0, "practice_tried": 0, "practice_right": 0, "done": 0}


def test_a_file_that_is_not_a_summary_is_refused(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text('{"format": "cpt97530-submission"}')
    with pytest.raises(ValueError, match="not a progress summary"):
        class_folder.read_summary(path)
    link = tmp_path / "link.json"
    os.symlink("/etc/passwd", link)
    with pytest.raises(ValueError, match="a link"):
        class_folder.read_summary(link)
