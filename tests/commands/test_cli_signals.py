"""A command stopped by SIGTERM or SIGHUP (a real child process) leaves no temporary file, exits
128 + the signal with one line; a run killed outright leaves a stage the next run removes."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _big_log(path: Path, visits: int = 150_000) -> Path:
    """A log long enough (a few seconds of audit) to be stopped in the middle."""
    with open(path, "w") as handle:
        handle.write("visit_id,date,code,minutes,billed_units,modifiers\n")
        for v in range(visits):
            handle.write(f"V{v},2026-03-02,97530,38,3,GP\nV{v},2026-03-02,97110,20,1,\n")
    return path


def _stages(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _wait_for_stage(child, folder: Path, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not [name for name in _stages(folder) if ".cpt97530-" in name]:
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < end, "the command never staged its report"
        time.sleep(0.02)


def _audit(log: Path, report: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "audit", str(log), "-o", str(report)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def big_log(tmp_path_factory):
    return _big_log(tmp_path_factory.mktemp("log") / "log.csv")


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_removes_the_staged_report_and_exits_128_plus_its_number(
    tmp_path, big_log, signum, status
):
    out = tmp_path / "out"
    out.mkdir()
    child = _audit(big_log, out / "rep.csv")
    try:
        _wait_for_stage(child, out)
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == status, stderr
    assert stderr.strip().splitlines() == [
        f"cpt97530: stopped by {signal.Signals(signum).name}; no output was written"
    ]
    assert list(out.iterdir()) == []  # neither the report nor its temporary file


def test_a_stage_left_by_a_killed_run_is_removed_by_the_next_run_into_that_folder(
    tmp_path, big_log
):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".notes.tmp").write_text("someone else's file")  # not ours: stays
    child = _audit(big_log, out / "rep.csv")
    try:
        _wait_for_stage(child, out)
    finally:
        child.kill()  # SIGKILL: no clean-up possible
        child.communicate()
    left = [name for name in _stages(out) if name != ".notes.tmp"]
    assert left and all(name.startswith(".rep.csv.cpt97530-") for name in left)
    small = _big_log(tmp_path / "small.csv", visits=3)
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "audit", str(small), "-o", str(out / "other.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert _stages(out) == [".notes.tmp"]
    assert sorted(p.name for p in out.iterdir()) == [".notes.tmp", "other.csv"]


STAGING_CHILD = textwrap.dedent(
    """
    import sys, time
    from toolkit.files.output_files import OutputFiles, stop_on_signals
    out = sys.argv[1]
    try:
        with stop_on_signals(), OutputFiles() as outputs:
            built = outputs.build(out + "/gb")
            (built / "gradebook.csv").write_text("half")
            with outputs.open_text(out + "/rep.csv") as handle:
                handle.write("half")
                print("staged", flush=True)
                time.sleep(60)
    except KeyboardInterrupt as stop:
        print(type(stop).__name__, stop, flush=True)
        sys.exit(3)
    """
)


def test_a_staged_folder_and_file_of_a_living_command_are_kept_and_removed_on_sigterm(
    tmp_path,
):
    from toolkit.files.output_files import remove_stale_stages

    child = subprocess.Popen(
        [sys.executable, "-c", STAGING_CHILD, str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "staged"
        stages = _stages(tmp_path)
        assert len(stages) == 2  # .gb.cpt97530-….tmp/ and .rep.csv.cpt97530-….tmp
        assert remove_stale_stages(tmp_path) == []  # a living command's: kept
        assert _stages(tmp_path) == stages
        child.send_signal(signal.SIGTERM)
        assert child.communicate(timeout=60)[0].strip() == "Stopped SIGTERM"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 3
    assert list(tmp_path.iterdir()) == []


def test_a_signal_ignored_on_entry_stays_ignored(tmp_path):
    """Under `nohup` SIGHUP is ignored: the command must not start obeying it."""
    from toolkit.files.output_files import stop_on_signals

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_IGN, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGHUP)  # ignored: nothing happens
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, before)


# --- closed or broken standard streams ----------------------------------------------------

DAY_SHEET = ROOT / "examples" / "visit_logs" / "day_sheet.csv"


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """`command` run by bash with $PY the interpreter (for its redirections)."""
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PY": sys.executable, "PYTHONPATH": str(ROOT)},
    )


def test_a_closed_standard_output_is_refused_before_any_work(tmp_path):
    done = _shell(f'"$PY" -m toolkit audit {DAY_SHEET} -o report.csv >&-', tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "cpt97530: the standard output is closed (>&-), so the command was not run;"
        " send it to a file or to /dev/null instead"
    ]
    assert list(tmp_path.iterdir()) == []  # no report: absent, never written unannounced


def test_a_full_standard_output_is_one_line_and_the_reports_are_whole(tmp_path):
    done = _shell(f'"$PY" -m toolkit audit {DAY_SHEET} -o report.csv > /dev/full', tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "cpt97530 audit: cannot write the standard output: No space left on device"
    ]
    assert (tmp_path / "report.csv").read_text().startswith('"row","visit_id"')


@pytest.mark.parametrize("redirect", ["<&-", "2>&-", "<&- 2>&-"])
def test_a_closed_standard_input_or_error_changes_nothing(tmp_path, redirect):
    done = _shell(f'"$PY" -m toolkit audit {DAY_SHEET} -o report.csv {redirect}', tmp_path)
    assert done.returncode == 0 and "Wrote report.csv" in done.stdout
    assert "fault" not in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "report.csv").read_text().startswith('"row","visit_id"')


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path):
    done = _shell(
        f'"$PY" -m toolkit audit {DAY_SHEET} -o report.csv | head -c 1; echo " ${{PIPESTATUS[0]}}"',
        tmp_path,
    )
    assert done.stdout == "M 0\n" and done.stderr == ""
    assert (tmp_path / "report.csv").is_file()
