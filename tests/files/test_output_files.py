"""Staged outputs: every file of a command appears whole when it succeeds, and nothing at all when it fails."""

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from toolkit.errors import BillingInputError
from toolkit.files.output_files import OutputFiles, input_file


def everything(folder):
    """Every path under `folder`, hidden temporary files included."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_files_appear_together_when_the_command_succeeds(tmp_path):
    with OutputFiles() as outputs:
        report = outputs.file(tmp_path / "out" / "report.csv")
        page = outputs.file(tmp_path / "page.html", example="report.html")
        outputs.write_text(report, text="a,b\n1,2\n")
        outputs.write_text(page, text="<p>ok</p>")
        assert not report.exists() and not page.exists()  # nothing visible before the end
    assert report.read_text() == "a,b\n1,2\n" and page.read_text() == "<p>ok</p>"
    assert everything(tmp_path) == ["out", "out/report.csv", "page.html"]


@pytest.mark.parametrize("stop", [BillingInputError("a bad row"), KeyboardInterrupt()])
def test_a_failure_leaves_nothing_and_keeps_what_was_there(tmp_path, stop):
    old = tmp_path / "old.csv"
    old.write_text("yesterday's report")
    with pytest.raises(type(stop)):
        with OutputFiles() as outputs:
            outputs.write_text(old, text="today's report")
            outputs.write_text(tmp_path / "new" / "deeper" / "page.html", text="<p>half</p>")
            outputs.remove(old)
            raise stop  # e.g. the audit failed after the first report was written
    assert everything(tmp_path) == ["old.csv"]  # the folders it made are gone too
    assert old.read_text() == "yesterday's report"


def test_new_files_honour_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o640)
    before = os.umask(0o027)
    try:
        with OutputFiles() as outputs:
            outputs.write_text(kept, text="new")
            outputs.write_text(tmp_path / "fresh.csv", text="new")
            built = outputs.build(tmp_path / "bundle")
            (built / "notes").mkdir()
            (built / "notes" / "a.txt").write_text("a")
    finally:
        os.umask(before)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"
    assert stat.S_IMODE((tmp_path / "fresh.csv").stat().st_mode) == 0o640  # 0666 less 027
    assert stat.S_IMODE((tmp_path / "bundle").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "bundle" / "notes" / "a.txt").stat().st_mode) == 0o640


def test_a_built_folder_appears_whole_or_merges_into_an_existing_one(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "mine.txt").write_text("the instructor's own file")
    (tmp_path / "book" / "gradebook.csv").write_text("old grades")
    with OutputFiles() as outputs:
        for folder in (
            outputs.folder(tmp_path / "book"),
            outputs.folder(tmp_path / "new", empty=True),
        ):
            built = outputs.build(folder)
            assert built.name == folder.name and built.parent.parent == tmp_path
            (built / "gradebook.csv").write_text("new grades")
    assert (tmp_path / "book" / "gradebook.csv").read_text() == "new grades"
    assert (tmp_path / "book" / "mine.txt").read_text() == "the instructor's own file"
    assert everything(tmp_path) == [
        "book",
        "book/gradebook.csv",
        "book/mine.txt",
        "new",
        "new/gradebook.csv",
    ]


def test_an_error_inside_a_built_folder_names_the_real_place(tmp_path):
    with pytest.raises(BillingInputError, match=r"cannot write .*bundle/a/b: Not a directory"):
        with OutputFiles() as outputs:
            built = outputs.build(outputs.folder(tmp_path / "bundle", empty=True))
            (built / "a").write_text("a file")
            (built / "a" / "b").write_text("cannot: a is a file")
    assert everything(tmp_path) == []


def test_bad_names_are_refused_before_any_work(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("x")
    log = tmp_path / "log.csv"
    log.write_text("visit_id\n")
    outputs = OutputFiles(inputs=[log])
    refusals = [
        (
            lambda: outputs.file(tmp_path / "folder"),
            r"folder is a folder: name a file inside it, such as .*folder/report.csv",
        ),
        (
            lambda: outputs.file(tmp_path / "afile" / "x.csv"),
            r"cannot write .*afile/x.csv: .*afile is a file, not a folder",
        ),
        (
            lambda: outputs.file(tmp_path / "afile" / "deep" / "x.csv"),
            r"afile is a file, not a folder",
        ),
        (lambda: outputs.file(log), r"log.csv is an input of this command"),
        (lambda: outputs.file("/dev/null"), r"/dev/null is not an ordinary file"),
        (lambda: outputs.folder(tmp_path / "afile"), r"afile is a file, not a folder"),
        (lambda: outputs.folder(tmp_path / "afile" / "sub"), r"afile is a file, not a folder"),
    ]
    for ask, message in refusals:
        with pytest.raises(BillingInputError, match=message):
            ask()
    outputs.file(tmp_path / "r.csv")
    with pytest.raises(BillingInputError, match="named for two outputs"):
        outputs.file(tmp_path / "." / "r.csv")
    (tmp_path / "folder" / "x").write_text("x")
    with pytest.raises(BillingInputError, match="already exists and is not empty"):
        outputs.folder(tmp_path / "folder", empty=True)
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    with pytest.raises(BillingInputError, match="dangling is a link to nothing"):
        outputs.file(tmp_path / "dangling" / "r.csv")
    assert everything(tmp_path) == ["afile", "dangling", "folder", "folder/x", "log.csv"]


def test_input_files_must_be_ordinary_files(tmp_path):
    (tmp_path / "dir.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    for name, message in (
        ("none.csv", "the log .*none.csv does not exist"),
        ("dir.csv", "dir.csv is a folder, not a log"),
        ("pipe.csv", "pipe.csv is not an ordinary file"),
    ):
        with pytest.raises(BillingInputError, match=message):
            input_file(tmp_path / name, "log")


def _write_many(target, letter):
    with OutputFiles() as outputs:
        outputs.write_text(target, text=letter * 2_000_000)


def test_writers_at_the_same_moment_each_leave_a_whole_file(tmp_path):
    target = tmp_path / "report.csv"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(target, letter)) for letter in "abcdefgh"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert all(w.exitcode == 0 for w in writers)
    text = target.read_text()
    assert len(text) == 2_000_000 and len(set(text)) == 1  # one writer's file, whole
    assert everything(tmp_path) == ["report.csv"]


def test_a_full_disk_is_named_and_leaves_the_old_report(tiny_disk):
    old = tiny_disk / "report.csv"
    old.write_text("last month's report")
    with pytest.raises(
        BillingInputError, match=r"cannot write .*tiny/report.csv: No space left on device"
    ):
        with OutputFiles() as outputs:
            outputs.write_text(tiny_disk / "page.html", text="<p>small</p>")
            outputs.write_text(old, text="x" * 1_000_000)  # four times the disk
    assert everything(tiny_disk) == ["report.csv"] and old.read_text() == "last month's report"


def test_the_current_folder_can_be_built_into(tmp_path, monkeypatch):
    """`-o .` names a folder with no name of its own: the build goes beside its real path."""
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    with OutputFiles() as outputs:
        built = outputs.build(outputs.folder(Path(".")))
        (built / "gradebook.csv").write_text("grades")
    assert (tmp_path / "here" / "gradebook.csv").read_text() == "grades"
    assert everything(tmp_path) == ["here", "here/gradebook.csv"]


def test_a_link_to_an_empty_folder_is_built_into_the_folder_it_names(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with OutputFiles() as outputs:
        built = outputs.build(outputs.folder(link, empty=True))
        (built / "gradebook.csv").write_text("learner\n")
    assert link.is_symlink() and (real / "gradebook.csv").read_text() == "learner\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]  # no temporary left


def test_an_output_inside_an_input_folder_is_refused(tmp_path):
    answers = tmp_path / "solutions"
    (answers / "sub").mkdir(parents=True)
    (tmp_path / "answers-link").symlink_to(answers)
    for inside in (answers, answers / "sub", answers / "new", tmp_path / "answers-link" / "x"):
        with pytest.raises(BillingInputError, match="inside .*solutions, an input of this command"):
            OutputFiles(inputs=[answers]).check_not_input(inside)
    OutputFiles(inputs=[answers]).check_not_input(tmp_path / "exercises")  # beside it: fine


def test_a_report_written_piece_by_piece_is_the_same_file_as_one_written_at_once(tmp_path):
    lines = [f"{n},{'x' * n}\n" for n in range(500)]
    with OutputFiles() as outputs:
        whole = outputs.write_text(tmp_path / "whole.csv", text="".join(lines))
        with outputs.open_text(tmp_path / "pieces" / "pieces.csv") as handle:
            for line in lines:
                handle.write(line)
        staged = everything(tmp_path)  # under temporary names until the end
        assert "whole.csv" not in staged and "pieces/pieces.csv" not in staged
    assert whole == tmp_path / "whole.csv"
    assert (tmp_path / "pieces" / "pieces.csv").read_bytes() == whole.read_bytes()
    assert whole.read_text() == "".join(lines)
    assert everything(tmp_path) == ["pieces", "pieces/pieces.csv", "whole.csv"]


def test_a_stop_while_writing_piece_by_piece_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with OutputFiles() as outputs:
            outputs.write_text(tmp_path / "page.html", text="<p>done</p>")
            with outputs.open_text(tmp_path / "new" / "report.csv") as handle:
                handle.write("a,b\n")
                raise KeyboardInterrupt
    assert everything(tmp_path) == []


def test_write_text_refuses_what_open_text_refuses(tmp_path):
    (tmp_path / "afile").write_text("x")
    for bad, words in ((tmp_path, "is a folder"), (tmp_path / "afile" / "x.csv", "is a file")):
        with OutputFiles() as outputs:
            with pytest.raises(BillingInputError, match=words):
                outputs.write_text(bad, text="y")
            with pytest.raises(BillingInputError, match=words):
                with outputs.open_text(bad):
                    pass
    assert everything(tmp_path) == ["afile"]
