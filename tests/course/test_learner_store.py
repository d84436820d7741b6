"""The learner store: one upsert per save in SQLite, nothing lost with several kernels at once,
old progress.json imported once, a damaged database set aside once, failures said in words.

Concurrency runs real processes (scripts/bench_learner_store.py holds the workers; it also
prints the figures)."""

import importlib.util
import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.course import learner_store as store
from toolkit.course.lessons import LESSONS
from toolkit.course.lessons.quick_checks import for_lesson
from toolkit.settings import learner_db, progress_file

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "bench_store", ROOT / "scripts/bench_learner_store.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
LESSON = bench.LESSON


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("CPT97530_HOME", str(folder))
    store.take_notice()
    return folder


def rows(table):
    with sqlite3.connect(learner_db()) as connection:
        return connection.execute(f"SELECT * FROM {table}").fetchall()


# -- saving and reading ------------------------------------------------------------------------


def test_a_save_is_one_row_and_a_new_answer_replaces_it():
    store.record_answer("02_what_is_97530", item_id="q1", answer="A", correct=False)
    store.record_answer("02_what_is_97530", item_id="q1", answer="B", correct=True)
    store.record_answer("02_what_is_97530", item_id="q2", answer=["x", "y"], correct=False)
    store.save_practice("04_time_and_units", tried=5, right=3, problem=6)
    store.save_practice("04_time_and_units", tried=6, right=4, problem=7)
    assert sorted((r[0], r[1], r[2], r[3]) for r in rows("answers")) == [
        ("02_what_is_97530", "q1", '"B"', 1),
        ("02_what_is_97530", "q2", '["x", "y"]', 0),
    ]
    assert [r[:4] for r in rows("practice")] == [("04_time_and_units", 6, 4, 7)]
    assert store.saved_answer("02_what_is_97530", item_id="q1") == {"answer": "B", "correct": True}
    assert store.saved_answer("02_what_is_97530", item_id="q9") is None
    assert store.practice_state("04_time_and_units") == {"tried": 6, "right": 4, "problem": 7}
    assert store.practice_state("03_when_to_use_97530") == {"tried": 0, "right": 0, "problem": 0}
    assert store.summary("02_what_is_97530") == {
        "answered": 2,
        "right": 1,
        "practice_tried": 0,
        "practice_right": 0,
    }
    with sqlite3.connect(learner_db()) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reading_before_anything_is_saved_creates_no_files(home):
    assert store.snapshot() == {"version": 1, "lessons": {}}
    assert store.saved_answer("a", item_id="b") is None and store.take_notice() == ""
    assert not home.exists()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("answer"),
            st.sampled_from(["L1", "L2"]),
            st.sampled_from(["a", "b", "c"]),
            json_values,
            st.booleans(),
        ),
        st.tuples(
            st.just("practice"),
            st.sampled_from(["L1", "L2"]),
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.integers(0, 10**6),
        ),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops)
def test_the_store_holds_exactly_the_last_save_of_each_item(monkeypatch, sequence):
    with tempfile.TemporaryDirectory() as folder:
        monkeypatch.setenv("CPT97530_HOME", folder)
        model: dict = {}
        for op in sequence:
            if op[0] == "answer":
                _kind, lesson, item, answer, correct = op
                store.record_answer(lesson, item_id=item, answer=answer, correct=correct)
                model.setdefault(lesson, {"answers": {}})["answers"][item] = {
                    "answer": answer,
                    "correct": correct,
                }
            else:
                _kind, lesson, tried, right, problem = op
                store.save_practice(lesson, tried=tried, right=right, problem=problem)
                model.setdefault(lesson, {"answers": {}})["practice"] = {
                    "tried": tried,
                    "right": right,
                    "problem": problem,
                }
        assert store.snapshot() == {"version": 1, "lessons": model}


def test_progress_summary_lists_every_lesson_and_the_ones_done():
    first = next(iter(LESSONS))
    for question in for_lesson(first):
        store.record_answer(
            first, item_id=question.key, answer="x", correct=question.key.endswith("never")
        )
    second = list(LESSONS)[1]
    store.record_answer(second, item_id=for_lesson(second)[0].key, answer="x", correct=True)
    store.save_practice("04_time_and_units", tried=4, right=3, problem=5)
    found = store.progress_summary()
    json.dumps(found)  # plain data, ready to write to a class folder
    assert found["lessons_done"] == [first]
    assert list(found["lessons"]) == list(LESSONS)
    assert found["lessons"][first] == {
        "quick_checks": len(for_lesson(first)),
        "answered": len(for_lesson(first)),
        "right": 0,
        "practice_tried": 0,
        "practice_right": 0,
        "done": True,
    }
    assert found["lessons"][second]["answered"] == 1 and not found["lessons"][second]["done"]
    assert found["lessons"]["04_time_and_units"]["practice_right"] == 3
    assert found["last_saved"] and found["last_saved"][:4].isdigit()


def test_an_empty_store_summarises_as_nothing_done():
    found = store.progress_summary()
    assert found["lessons_done"] == [] and found["last_saved"] is None
    assert all(v["answered"] == 0 for v in found["lessons"].values())


# -- failures are said in words, never raised into a widget ------------------------------------


def test_an_unwritable_home_says_why_and_reads_as_empty(tmp_path, monkeypatch):
    # A home under a regular file cannot be created, even by root (chmod would not stop root).
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CPT97530_HOME", str(blocker / "home"))
    with pytest.raises(store.ProgressNotSaved, match=r"cannot save in .*a-file.*Not a directory"):
        store.record_answer("L", item_id="q", answer="A", correct=True)
    with pytest.raises(store.ProgressNotSaved, match="Not a directory"):
        store.save_practice("L", tried=1, right=1, problem=2)
    assert store.snapshot() == {"version": 1, "lessons": {}}


def test_a_store_that_cannot_be_read_gives_empty_progress_and_a_notice(home):
    home.mkdir()
    learner_db().mkdir()  # a folder where the database file should be
    assert store.saved_answer("L", item_id="q") is None
    assert store.practice_state("L") == {"tried": 0, "right": 0, "problem": 0}
    notice = store.take_notice()
    assert "could not be read" in notice and str(learner_db()) in notice
    assert store.take_notice() == ""
    with pytest.raises(store.ProgressNotSaved, match="learner.db"):
        store.record_answer("L", item_id="q", answer="A", correct=True)


def test_a_store_locked_too_long_says_so(monkeypatch):
    store.record_answer("L", item_id="q", answer="A", correct=True)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(learner_db(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another kernel in the middle of a long write
    try:
        with pytest.raises(store.ProgressNotSaved, match="busy for more than 0.2 seconds"):
            store.record_answer("L", item_id="q", answer="B", correct=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.saved_answer("L", item_id="q") == {"answer": "A", "correct": True}


# -- old progress.json -------------------------------------------------------------------------


def old_progress(home, data):
    home.mkdir(parents=True, exist_ok=True)
    (home / "progress.json").write_text(json.dumps(data), encoding="utf-8")


OLD = {
    "version": 1,
    "lessons": {
        "02_what_is_97530": {
            "answers": {
                "q1": {"answer": "A", "correct": True},
                "q2": {"answer": ["x"], "correct": False},
            }
        },
        "04_time_and_units": {"answers": {}, "practice": {"tried": 5, "right": 3, "problem": 6}},
    },
}


def test_old_progress_is_imported_once_and_kept(home):
    old_progress(home, OLD)
    assert store.snapshot()["lessons"] == OLD["lessons"]
    assert not (home / "progress.json").exists()
    assert json.loads((home / "progress.json.imported").read_text()) == OLD
    assert store.take_notice() == ""  # nothing left out: nothing to tell
    store.record_answer("02_what_is_97530", item_id="q1", answer="B", correct=False)
    old_progress(home, OLD)  # a copy put back later is not imported over newer answers
    assert store.saved_answer("02_what_is_97530", item_id="q1") == {"answer": "B", "correct": False}


def test_an_earlier_backup_is_never_replaced(home):
    old_progress(home, OLD)
    (home / "progress.json.imported").write_text("an earlier backup")
    assert store.snapshot()["lessons"] == OLD["lessons"]
    assert (home / "progress.json.imported").read_text() == "an earlier backup"
    assert json.loads((home / "progress.json.imported-2").read_text()) == OLD


def test_a_store_from_a_newer_version_is_kept_not_set_aside(home):
    home.mkdir()
    with sqlite3.connect(learner_db()) as newer:
        newer.execute("PRAGMA user_version=2")
        newer.execute("CREATE TABLE answers (x)")
    with pytest.raises(store.ProgressNotSaved, match="newer version of this course"):
        store.record_answer("L", item_id="q", answer="A", correct=True)
    assert damaged(home) == [] and store.snapshot()["lessons"] == {}
    assert "newer version" in store.take_notice()


def test_entries_that_cannot_be_read_are_counted_not_dropped_silently(home):
    old_progress(
        home,
        {
            "lessons": {
                "a": {
                    "answers": {
                        "q1": {"answer": 1, "correct": True},
                        "q2": "junk",
                        "q3": {"correct": "yes"},
                    }
                },
                "b": "junk",
                "c": {"practice": {"tried": -1}},
            }
        },
    )
    assert store.snapshot()["lessons"] == {"a": {"answers": {"q1": {"answer": 1, "correct": True}}}}
    notice = store.take_notice()
    assert "4 saved entries" in notice and "progress.json.imported" in notice


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"lessons": 3}', b"\xff\xfe"])
def test_an_unreadable_progress_json_is_kept_aside_and_the_learner_told(home, damage):
    home.mkdir()
    (home / "progress.json").write_bytes(damage)
    assert store.snapshot()["lessons"] == {}
    backups = list(home.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damage
    notice = store.take_notice()
    assert "could not be read" in notice and "starts fresh" in notice and str(backups[0]) in notice
    assert store.take_notice() == ""


# -- a damaged database ------------------------------------------------------------------------


def damaged(home):
    return sorted(p.name for p in home.glob("learner.db.damaged-*") if not p.name.endswith("-wal"))


def test_a_database_that_is_not_one_is_set_aside_and_the_learner_told_once(home):
    home.mkdir()
    learner_db().write_bytes(b"this is not a database" * 100)
    store.record_answer("L", item_id="q", answer="A", correct=True)  # saved in a fresh store
    assert store.saved_answer("L", item_id="q") == {"answer": "A", "correct": True}
    assert len(damaged(home)) == 1
    assert (home / damaged(home)[0]).read_bytes() == b"this is not a database" * 100
    notice = store.take_notice()
    assert "could not be read" in notice and damaged(home)[0] in notice and "starts fresh" in notice
    assert store.take_notice() == ""


def test_a_database_with_a_damaged_page_is_set_aside(home):
    for i in range(300):
        store.record_answer("L", item_id=f"q{i}", answer="x" * 200, correct=True)
    raw = bytearray(learner_db().read_bytes())
    raw[4096 * 2 : 4096 * 4] = b"\xa5" * 8192  # scribble over table pages, header intact
    learner_db().write_bytes(bytes(raw))
    store._checked.clear()  # a new kernel: it checks the file once
    assert store.snapshot()["lessons"] == {}
    assert len(damaged(home)) == 1 and "damaged" in store.take_notice()


def test_another_programs_sqlite_file_is_set_aside_not_used(home):
    home.mkdir()
    with sqlite3.connect(learner_db()) as other:
        other.execute("CREATE TABLE answers (x)")
    store.record_answer("L", item_id="q", answer="A", correct=True)
    assert len(damaged(home)) == 1 and "not a course progress database" in store.take_notice()


# -- several real processes at once ------------------------------------------------------------


def test_two_kernels_500_saves_each_keep_all_1000(home):
    kept, written = bench.writers(home, 2, 500)
    assert (kept, written) == (1000, 1000)


def test_thirty_kernels_saving_at_the_same_instant_lose_nothing(home):
    kept, written = bench.writers(home, 30, 10)
    assert (kept, written) == (300, 300)


@pytest.mark.parametrize("after", [1, 40, 173])
def test_a_writer_killed_mid_save_leaves_every_returned_save(home, after):
    kept, written = bench.killed_writer(home, after)
    assert written >= after and kept == written
    with sqlite3.connect(learner_db()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def opened_together(home, count):
    results = bench.run_together(home, [("open", f"kernel{n}", 0) for n in range(count)])
    assert all(code == 0 for code, _out, _err in results), [err for *_x, err in results]
    return [json.loads(out) for _code, out, _err in results]


def test_a_damaged_database_opened_by_two_kernels_at_once_is_set_aside_once(home):
    home.mkdir()
    learner_db().write_bytes(b"garbage" * 1000)
    (home / "learner.db-wal").write_bytes(b"old wal")
    opened = opened_together(home, 2)
    assert len(damaged(home)) == 1
    assert (home / f"{damaged(home)[0]}-wal").read_bytes() == b"old wal"  # moved with it
    told = [o["notice"] for o in opened if o["notice"]] + [store.take_notice()]
    assert len([t for t in told if "could not be read" in t]) == 1  # told once, in one kernel
    assert set(bench.kept_answers(home)) == {"kernel0", "kernel1"}


def test_old_progress_imported_by_two_kernels_at_once_is_imported_once(home):
    data = json.loads(json.dumps(OLD))
    data["lessons"][LESSON] = {"answers": {"old": {"answer": 1, "correct": True}, "bad": "junk"}}
    old_progress(home, data)
    opened = opened_together(home, 2)
    told = [o["notice"] for o in opened if o["notice"]] + [store.take_notice()]
    assert len([t for t in told if "1 saved entry" in t]) == 1
    assert bench.kept_answers(home) == {"old", "kernel0", "kernel1"}
    assert not (home / "progress.json").exists() and (home / "progress.json.imported").exists()
    assert store.saved_answer("02_what_is_97530", item_id="q2") == {
        "answer": ["x"],
        "correct": False,
    }


def test_a_full_disk_says_so_and_keeps_what_was_saved(tiny_disk, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tiny_disk / "home"))
    store.record_answer("L", item_id="kept", answer="A", correct=True)
    with open(tiny_disk / "filler", "wb", buffering=0) as filler:  # take every free block
        with pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 4096)
    with pytest.raises(
        store.ProgressNotSaved, match=r"the disk holding .*tiny.* is full; free some space"
    ):
        store.record_answer("L", item_id="lost", answer="x" * 20000, correct=True)
    (tiny_disk / "filler").unlink()
    assert store.saved_answer("L", item_id="kept") == {"answer": "A", "correct": True}
    assert store.saved_answer("L", item_id="lost") is None
    store.record_answer(
        "L", item_id="later", answer="B", correct=False
    )  # space again: saving works
    assert store.saved_answer("L", item_id="later") == {"answer": "B", "correct": False}


# -- odd old progress files (red-team issue 9) -------------------------------------------------


def old_text(home, text):
    home.mkdir(parents=True, exist_ok=True)
    (home / "progress.json").write_bytes(text.encode("utf-8", "surrogatepass"))


GOOD_ENTRY = '"L1": {"answers": {"q": {"answer": "a", "correct": true}}}'


@pytest.mark.parametrize(
    "bad",
    [
        '"Lx": {"practice": {"tried": 99999999999999999999, "right": 0, "problem": 0}}',
        '"\\ud800": {"answers": {"q": {"answer": "x", "correct": true}}}',
        '"Lx": {"answers": {"\\udc80": {"answer": "a", "correct": true}}}',
        '"Lx": {"answers": {"q": {"answer": ' + "9" * 4301 + ', "correct": true}}}',
        '"Lx": {"answers": {"q": {"answer": ' + "[" * 5000 + "]" * 5000 + ', "correct": true}}}',
        '"Lx": {"practice": {"tried": 1.5, "right": 0, "problem": 0}}',
    ],
)
def test_one_bad_old_entry_is_left_out_alone_and_the_import_completes_once(home, bad):
    old_text(home, '{"lessons": {' + bad + ", " + GOOD_ENTRY + "}}")
    assert store.saved_answer("L1", item_id="q") == {"answer": "a", "correct": True}
    notice = store.take_notice()
    assert "1 saved entry in your old progress file could not be read and was left out" in notice
    assert not (home / "progress.json").exists() and (home / "progress.json.imported").exists()
    store.record_answer(
        "L1", item_id="q2", answer="b", correct=False
    )  # the store works: saves and reads
    assert store.summary("L1")["answered"] == 2 and store.take_notice() == ""


def test_an_old_file_with_a_byte_order_mark_is_imported(home):
    old_text(home, '\ufeff{"lessons": {' + GOOD_ENTRY + "}}")
    assert store.saved_answer("L1", item_id="q") == {"answer": "a", "correct": True}
    assert store.take_notice() == ""


@pytest.mark.parametrize(
    "body, plain",
    [
        (b"[" * 200000 + b"]" * 200000, "not laid out as saved course progress"),
        (b'{"lessons": {"L\xe9": {}}}', "not text in the expected encoding"),
        (b'{"lessons": {"L1": ', "damaged near line 1"),
    ],
)
def test_notices_about_an_unreadable_old_file_are_plain_words(home, body, plain):
    home.mkdir()
    (home / "progress.json").write_bytes(body)
    assert store.snapshot()["lessons"] == {}
    notice = store.take_notice()
    assert plain in notice
    for jargon in ("recursion", "codec", "decode", "Expecting", "Error"):
        assert jargon not in notice


@pytest.mark.parametrize("make", ["fifo", "devzero", "folder"])
def test_an_old_progress_file_that_is_not_an_ordinary_file_is_refused_without_waiting(home, make):
    home.mkdir()
    target = home / "progress.json"
    {
        "fifo": lambda: os.mkfifo(target),
        "devzero": lambda: os.symlink("/dev/zero", target),
        "folder": target.mkdir,
    }[make]()
    store.record_answer(
        "L1", item_id="q", answer="a", correct=True
    )  # a FIFO would block this forever before the fix
    assert store.saved_answer("L1", item_id="q") == {"answer": "a", "correct": True}
    assert "not an ordinary file" in store.take_notice() or make == "folder"
    assert os.path.lexists(target)  # left where it is


def test_a_huge_old_progress_file_is_refused_by_its_size(home, monkeypatch):
    monkeypatch.setattr(store, "MAX_OLD_PROGRESS_BYTES", 1000)
    old_text(home, '{"lessons": {' + GOOD_ENTRY + "}}" + " " * 2000)
    assert store.saved_answer("L1", item_id="q") is None
    assert "larger than" in store.take_notice()


def test_the_old_file_is_read_before_the_write_lock_is_taken(home, monkeypatch):
    old_text(home, '{"lessons": {' + GOOD_ENTRY + "}}")
    seen = []
    real = store._read_old

    def read_and_look(source):
        # another kernel can still take the write lock while this one reads the old file
        other = sqlite3.connect(learner_db(), timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
        seen.append(source)
        return real(source)

    monkeypatch.setattr(store, "_read_old", read_and_look)
    assert store.saved_answer("L1", item_id="q") == {"answer": "a", "correct": True}
    assert seen == [progress_file()]


# -- saves raise only ProgressNotSaved; reads never raise ---------------------------------------


@pytest.mark.parametrize(
    "save",
    [
        lambda: store.save_practice("L", tried=10**30, right=0, problem=0),
        lambda: store.record_answer("L\ud800", item_id="q", answer="a", correct=True),
        lambda: store.record_answer("L", item_id="q", answer={1, 2}, correct=True),
    ],
)
def test_nothing_but_progress_not_saved_leaves_a_save(save):
    with pytest.raises(store.ProgressNotSaved):
        save()


def test_reads_never_raise_even_on_odd_keys():
    store.record_answer("L", item_id="q", answer="a", correct=True)
    assert store.saved_answer("L\ud800", item_id="q") is None
    assert store.practice_state("\udc80") == {"tried": 0, "right": 0, "problem": 0}


# -- a read-only home: saved progress still shows, only saves say "not saved" -----------------


def as_other_user(home, steps):
    """Run `steps()` in a forked child as uid/gid 65534 (nobody), which may read `home` but
    not write in it; returns what it returned (or the text of what it raised)."""
    if os.getuid() != 0:
        pytest.skip("needs root to act as another user")
    os.chmod(home.parent, 0o755)
    os.chmod(home, 0o755)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a new kernel of a learner whose home is not theirs to write
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            store._checked.clear()
            store._told.clear()
            found = steps()
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            found = f"RAISED {type(error).__name__}: {error}"
        os.write(write_end, json.dumps(found).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        got = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(got)


def read_then_save():
    shown = [store.saved_answer("L1", item_id="q"), store.summary("L1"), store.take_notice()]
    try:
        store.record_answer("L1", item_id="q2", answer="b", correct=True)
    except store.ProgressNotSaved as problem:
        return shown + [f"not saved: {problem}"]
    return shown + ["saved"]


@pytest.fixture
def open_home(monkeypatch):
    """A home another user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cpt97530-ro-")) / "home"
    monkeypatch.setenv("CPT97530_HOME", str(folder))
    yield folder
    import shutil

    shutil.rmtree(folder.parent)


def test_a_read_only_home_still_shows_saved_progress_and_says_saves_fail(open_home):
    home = open_home
    store.record_answer("L1", item_id="q", answer="a", correct=True)
    shown, summary, notice, saved = as_other_user(home, read_then_save)
    assert shown == {"answer": "a", "correct": True} and summary["answered"] == 1
    assert notice == ""
    assert saved == f"not saved: no permission to write in {home}"


def test_an_old_progress_file_in_a_read_only_home_is_shown_without_import(open_home):
    home = open_home
    old_text(home, '{"lessons": {' + GOOD_ENTRY + ', "L2": 5}}')
    got = as_other_user(home, read_then_save)
    shown, summary, notice, saved = got
    assert got[0] == {"answer": "a", "correct": True}, got
    assert shown == {"answer": "a", "correct": True} and summary["answered"] == 1
    assert "1 saved entry" in notice and "was left out" in notice
    assert saved.startswith("not saved: no permission to write in")
    assert (home / "progress.json").exists() and not learner_db().exists()


# -- an empty learner.db (cut off) -------------------------------------------------------------


@pytest.mark.parametrize("held_open", [False, True])
def test_an_emptied_store_is_set_aside_and_told_never_busy(home, held_open, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 1.0)
    store.record_answer("L1", item_id="q", answer="a", correct=True)
    holder = sqlite3.connect(learner_db())  # e.g. another kernel still has the file open
    holder.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if not held_open:
        holder.close()
    os.truncate(learner_db(), 0)
    store._checked.clear()
    try:
        store.record_answer(
            "L1", item_id="q2", answer="b", correct=False
        )  # was "busy for more than ..." every time
        assert store.saved_answer("L1", item_id="q2") == {"answer": "b", "correct": False}
        notice = store.take_notice()
        assert "the file was empty" in notice and "damaged-" in notice
        assert str(home) not in notice  # a file name for the instructor, never a path
        assert len(damaged(home)) == 1 and (home / damaged(home)[0]).stat().st_size == 0
    finally:
        holder.close()


def test_in_a_browser_a_save_needs_no_flock_and_is_written_back(monkeypatch):
    """Pyodide (the JupyterLite site) has an fcntl without flock: the store does not lock
    there (one kernel owns its copy) and writes itself to the browser's disk after each save."""
    import fcntl
    import sys

    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delattr(fcntl, "flock")
    written_back = []
    monkeypatch.setattr(store, "persist", lambda: written_back.append(True))
    store.record_answer("02_what_is_97530", item_id="what-descriptor", answer="b", correct=True)
    store.save_practice("04_time_and_units", tried=1, right=1, problem=2)
    assert store.saved_answer("02_what_is_97530", item_id="what-descriptor") == {
        "answer": "b",
        "correct": True,
    }
    assert written_back == [True, True]
