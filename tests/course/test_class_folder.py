"""The class folder: mode settings and progress summaries, read back as checked data."""

import json
import os

import pytest

from toolkit.course import class_folder
from toolkit.course.class_folder import ClassMode


def test_a_new_class_practises_and_shows_answers(tmp_path):
    class_folder.prepare(tmp_path)
    mode = class_folder.read_mode(tmp_path)
    assert mode == ClassMode() and not mode.hide_answers
    assert (tmp_path / "submissions").is_dir() and (tmp_path / "progress").is_dir()


def test_assessment_hides_answers_until_released(tmp_path):
    class_folder.write_mode(tmp_path, mode=ClassMode("assessment", False, "first"))
    assert class_folder.read_mode(tmp_path).hide_answers
    class_folder.write_mode(tmp_path, mode=ClassMode("assessment", True, "first"))
    mode = class_folder.read_mode(tmp_path)
    assert not mode.hide_answers and mode.count == "first"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1, 2]",
        '{"mode": "exam", "count": "best"}',
        '{"mode": "assessment", "answers_released": "yes"}',
    ],
)
def test_a_damaged_settings_file_never_reveals_more_than_it_says(tmp_path, text):
    class_folder.prepare(tmp_path)
    class_folder.settings_path(tmp_path).write_text(text)
    mode = class_folder.read_mode(tmp_path)
    assert mode.mode in class_folder.MODES and mode.count in class_folder.COUNTS
    assert mode.answers_released is False


def test_summary_round_trip_and_crafted_counts_are_cleaned(tmp_path):
    path = class_folder.write_summary(
        tmp_path,
        learner="dana-lee",
        lessons={
            "02_what_is_97530": {
                "answered": 2,
                "right": 1,
                "questions": 2,
                "practice_tried": 0,
                "practice_right": 0,
            }
        },
    )
    assert path == tmp_path / "progress" / "dana-lee" / "summary.json"
    assert class_folder.read_summary(path)["lessons"]["02_what_is_97530"]["right"] == 1
    data = json.loads(path.read_text())
    data["lessons"]["02_what_is_97530"] = {"answered": -5, "right": "9", "questions": 10**9}
    path.write_text(json.dumps(data))
    counts = class_folder.read_summary(path)["lessons"]["02_what_is_97530"]
    # The number of questions is the course's own (2 quick checks), never the file's.
    assert counts == {
        "answered": 0,
        "right": 0,
        "questions": 2,
        "practice_tried": 0,
        "practice_right": 0,
        "done": 0,
    }


def test_a_file_that_is_not_a_summary_is_refused(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text('{"format": "cpt97530-submission"}')
    with pytest.raises(ValueError, match="not a progress summary"):
        class_folder.read_summary(path)
    link = tmp_path / "link.json"
    os.symlink("/etc/passwd", link)
    with pytest.raises(ValueError, match="a link"):
        class_folder.read_summary(link)


def test_forged_counts_count_only_the_courses_lessons_capped_at_their_questions(tmp_path):
    lessons = {f"L{i}": {"done": 1, "answered": 9999, "right": 9999} for i in range(600)}
    lessons["02_what_is_97530"] = {
        "answered": 50,
        "right": 70,
        "questions": 50,
        "done": 1,
        "practice_tried": 10**6,
        "practice_right": 10**6,
    }
    lessons["04_time_and_units"] = {"answered": 1, "right": 1, "done": 1}  # 1 of its 2 checks
    path = class_folder.write_summary(tmp_path, learner="mallory", lessons=lessons)
    read = class_folder.read_summary(path)["lessons"]
    assert set(read) == {"02_what_is_97530", "04_time_and_units"}  # made-up lessons are not counted
    assert read["02_what_is_97530"] == {
        "answered": 2,
        "right": 2,
        "questions": 2,
        "done": 1,
        "practice_tried": 1000,
        "practice_right": 1000,
    }
    assert (
        read["04_time_and_units"]["done"] == 0
    )  # "done" says so only when every check is answered


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: os.symlink("/dev/zero", p), "a link"),
        (
            lambda p: p.write_text('{"format":"cpt97530-progress","lessons":' + "[" * 60000),
            "nested too deeply",
        ),
        (lambda p: p.write_bytes(b'{"format": "\xff\xfe"}'), "not UTF-8"),
    ],
)
def test_a_crafted_summary_is_refused_at_once_never_read_blocking(tmp_path, make, reason):
    """A FIFO would block a reader forever; a link could point anywhere; deep nesting
    overflows the parser: each is refused with the reason, without waiting."""
    path = tmp_path / "summary.json"
    make(path)
    with pytest.raises(ValueError, match=reason):
        class_folder.read_summary(path)


def test_a_fifo_settings_file_reads_as_an_assessment_without_blocking(tmp_path):
    class_folder.prepare(tmp_path)
    class_folder.settings_path(tmp_path).unlink()
    os.mkfifo(class_folder.settings_path(tmp_path))
    assert class_folder.read_mode(tmp_path).hide_answers


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", None])
def test_a_mode_file_that_cannot_be_read_never_releases_the_answers(tmp_path, content):
    """Red team (issue 19): an unreadable mode file read as practice, so the grading service
    showed every right answer during an assessment. A fault now hides them; only a class
    with no mode file yet is practice."""
    class_folder.prepare(tmp_path)
    path = class_folder.settings_path(tmp_path)
    path.unlink()
    assert class_folder.read_mode(tmp_path) == ClassMode()  # no file yet: practice
    if content is None:
        path.mkdir()  # not a file at all
    else:
        path.write_text(content)
    mode = class_folder.read_mode(tmp_path)
    assert mode.hide_answers and mode.mode == "assessment" and mode.count == "first"


def test_assessment_counts_the_first_attempt_unless_the_file_says_otherwise(tmp_path):
    class_folder.prepare(tmp_path)
    class_folder.settings_path(tmp_path).write_text('{"mode": "assessment"}')
    assert class_folder.read_mode(tmp_path).count == "first"
    class_folder.settings_path(tmp_path).write_text('{"mode": "assessment", "count": "latest"}')
    assert class_folder.read_mode(tmp_path).count == "latest"  # the instructor's explicit choice
    class_folder.settings_path(tmp_path).write_text('{"mode": "practice"}')
    assert class_folder.read_mode(tmp_path).count == "latest"


def test_a_class_folder_from_before_keeps_its_mode(tmp_path):
    (tmp_path / "class-settings.json").write_text('{"mode": "assessment", "count": "first"}')
    class_folder.prepare(tmp_path)
    assert class_folder.read_mode(tmp_path) == ClassMode("assessment", False, "first")
    assert not (tmp_path / "class-settings.json").exists()


# ---- root never follows a learner's path (issue 20) ----
NOBODY = 65534


def _private_folder(tmp_path):
    secret = tmp_path / "hub-secrets"
    secret.mkdir(mode=0o700)
    os.chmod(secret, 0o700)
    return secret


def test_a_class_folder_others_can_write_is_refused_and_left_alone(tmp_path):
    room = tmp_path / "class"
    room.mkdir()
    os.chmod(room, 0o777)
    with pytest.raises(class_folder.SharedClassFolder, match="chmod go-w"):
        class_folder.prepare(room)
    assert not (room / "progress").exists() and (room.stat().st_mode & 0o777) == 0o777


def test_a_link_planted_in_the_class_folder_is_never_followed(tmp_path):
    """progress/ made a link to a private folder (a learner did it while the class folder
    was open to them): prepare refuses it and the private folder keeps its mode."""
    secret = _private_folder(tmp_path)
    room = tmp_path / "class"
    room.mkdir()
    (room / "progress").symlink_to(secret)
    with pytest.raises(class_folder.SharedClassFolder, match="not a plain folder"):
        class_folder.prepare(room)
    assert (secret.stat().st_mode & 0o777) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="handing a folder to an account needs root")
def test_a_learners_planted_folder_link_is_never_given_to_the_learner(tmp_path):
    secret = _private_folder(tmp_path)
    room = tmp_path / "class"
    class_folder.prepare(room)
    (room / "progress" / "mallory").symlink_to(secret)
    with pytest.raises(class_folder.SharedClassFolder):
        class_folder.prepare_learner(room, learner="mallory", uid=NOBODY, gid=NOBODY)
    assert secret.stat().st_uid == 0 and (secret.stat().st_mode & 0o777) == 0o700
    # A plain learner gets their two folders, theirs alone.
    class_folder.prepare_learner(room, learner="dana", uid=NOBODY, gid=NOBODY)
    for tree in ("submissions", "progress"):
        info = (room / tree / "dana").stat()
        assert (info.st_uid, info.st_mode & 0o777) == (NOBODY, 0o700)


@pytest.mark.skipif(os.geteuid() != 0, reason="another account's folder needs root to make")
def test_a_class_folder_under_another_accounts_folder_is_refused(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, NOBODY, NOBODY)  # they can rename or replace what is inside
    with pytest.raises(class_folder.SharedClassFolder, match="another"):
        class_folder.prepare(theirs / "class")


@pytest.mark.skipif(os.geteuid() != 0, reason="taking a folder back from an account needs root")
def test_on_a_hub_a_learner_owns_nothing_in_the_class_folder(tmp_path):
    """F6: with the grading service keeping the records, a learner's progress folder is
    root's, they get no submissions folder, and the folders an earlier hub gave them are
    taken back (root's, 700), so nothing inside can be changed by them any more."""
    room = tmp_path / "class"
    class_folder.prepare(room)
    class_folder.prepare_learner(room, learner="dana", uid=NOBODY, gid=NOBODY)  # earlier hub
    class_folder.prepare_hub_learner(room, learner="dana")
    class_folder.prepare_hub_learner(room, learner="eve")
    for tree, learner in (("submissions", "dana"), ("progress", "dana"), ("progress", "eve")):
        info = (room / tree / learner).stat()
        assert (info.st_uid, info.st_mode & 0o777) == (0, 0o700), (tree, learner)
    assert not (room / "submissions" / "eve").exists()
    assert class_folder.mark_signed_in(room, learner="eve")
    assert class_folder.summary_path(room, "eve").stat().st_uid == 0
