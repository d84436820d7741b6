"""`cpt97530 units`, run as a real process."""

import json
import subprocess
import sys

import pytest


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=60
    )


def test_units_table_and_steps():
    done = cli("units", "97530=38", "97110=10", "--method", "cms")
    assert done.returncode == 0, done.stderr
    assert "97530" in done.stdout and "Why:" in done.stdout
    rows = {
        line.split()[0]: line.split() for line in done.stdout.splitlines() if line[:5].isdigit()
    }
    assert rows["97530"][1:] == ["38", "2"] and rows["97110"][1:] == ["10", "1"]
    assert "Pub 100-04" in done.stdout


def test_units_json():
    done = cli("units", "97530=38", "97110=10", "--json")
    data = json.loads(done.stdout)
    assert (
        data["method"] == "cms" and data["total_timed_minutes"] == 48 and data["total_units"] == 3
    )
    assert data["units"] == {"97530": 2, "97110": 1}
    assert data["steps"][0]["rule"] == "timed-vs-untimed"


def test_units_per_code_method_and_clock_times():
    data = json.loads(
        cli("units", "97110=9:00-9:08", "97140=8", "97530=8", "--method", "ama", "--json").stdout
    )
    assert data["units"] == {"97110": 1, "97140": 1, "97530": 1} and data["method"] == "ama"


@pytest.mark.parametrize(
    "args, says",
    [
        (["units", "97530=-5"], "-5"),
        (["units", "97530=abc"], "'abc'"),
        (["units", "99999=10"], "99999"),
        (["units", "97530"], "CODE=MINUTES"),
        (["units", "97530=9:30-9:00"], "before start"),
        (["units", "97530=10", "--method", "x"], "invalid choice"),
        (["units"], "required"),
        (["nonsense"], "invalid choice"),
        (["units", "97530=\u0663\u0660"], "digits 0-9"),  # Arabic-Indic 30: int() would take it
        (["units", "97530=3_0"], "'3_0'"),
        (["units", "97530=" + "9" * 100_000], "a number 100,000 characters long"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, says):
    done = cli(*args)
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_console_script_and_module_agree():
    import shutil

    script = shutil.which("cpt97530", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert script, "the cpt97530 console script is installed beside the interpreter"
    done = subprocess.run(
        [script, "units", "97530=60", "--json"], capture_output=True, text=True, timeout=60
    )
    assert json.loads(done.stdout)["units"] == {"97530": 4}


def test_import_toolkit_stays_light():
    code = "import sys, toolkit, toolkit.rules.units, toolkit.cli; toolkit.cli.build_parser(); print(sorted(m for m in ('ipywidgets', 'pandas', 'jupyter_client', 'IPython') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_a_reader_that_stops_early_gets_no_traceback():
    """`cpt97530 ... | head -1`: the pipe closes early; the command ends quietly."""
    entries = [f"{code}=10" for code in ("97530", "97110", "97112", "97116", "97140", "97535")]
    done = subprocess.run(
        f"{sys.executable} -m toolkit units {' '.join(entries)} | head -c 1 >/dev/null",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_each_discipline_its_own_pool_on_the_command_line():
    # issue 21: PT 25 + OT 25 is 2 + 2 units (it was 3); a PTA's minutes count with the PT's;
    # an aide's minutes are refused with one line, exit 2.
    def units(*entries):
        return subprocess.run(
            [sys.executable, "-m", "toolkit", "units", *entries, "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = units("97530:GP=25", "97535:GO=25")
    assert done.returncode == 0 and json.loads(done.stdout)["units"] == {
        "97530 GP": 2,
        "97535 GO": 2,
    }
    assert json.loads(units("97110:PTA=20", "97530:GO=10").stdout)["units"] == {
        "97110 GP": 1,
        "97530 GO": 1,
    }
    refused = units("97530:GP=25", "97530:aide=13")
    assert refused.returncode == 2 and "aide's minutes never count" in refused.stderr
    assert refused.stderr.count("\n") == 1
