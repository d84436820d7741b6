"""The hostile-input corpus (tests/fixtures/hostile/) against every command: one stderr line
naming the file and the problem, exit status 2, no traceback, and no output left behind,
half-written or whole, when a command fails."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
DAY_SHEET = ROOT / "examples" / "visit_logs" / "day_sheet.csv"
PTP_SAMPLE = ROOT / "tests" / "fixtures" / "ptp_practitioner_sample.txt"

_spec = importlib.util.spec_from_file_location("make_inputs", HOSTILE / "make_inputs.py")
make_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_inputs)


def everything(folder):
    """Every path under `folder`, hidden temporary files included."""
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*"))


def refused(capsys, *args, says):
    """Run one command; it must stop with exit 2 and one stderr line holding every phrase."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as stop:  # argparse refuses a bad option this way
        status = stop.code
    out, err = capsys.readouterr()
    assert status == 2, (args, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for phrase in says:
        assert phrase in err, (phrase, err)
    return err


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A working folder with a plain file in it (where a folder would be expected)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "passwd").write_text("root:x:0:0\n")
    return tmp_path


# --- audit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, says",
    [
        ("audit_binary_visit_id.parquet", "column 'visit_id' holds binary data (bytes), not text"),
        ("audit_list_minutes.parquet", "column 'minutes' holds lists of values, of type list<"),
        ("audit_struct_columns.parquet", "column 'visit_id' holds groups of fields (structs)"),
    ],
)
def test_audit_names_a_parquet_column_that_holds_more_than_one_value(place, capsys, name, says):
    refused(capsys, "audit", HOSTILE / name, "-o", "report.csv", says=[name, says])
    assert everything(place) == ["passwd"]


def test_audit_shows_a_huge_unsigned_minutes_value_as_it_is(place, capsys):
    assert main(["audit", str(HOSTILE / "audit_uint64_minutes.parquet")]) == 0
    out = capsys.readouterr().out
    assert (
        "row 4: minutes for this line must be a whole number from 0 to 1440; got 18446744073709551615"
        in out
    )
    assert "got -1" not in out
    assert (
        "3 rows: 2 lines audited in 1 visits, 1 rows not readable." in out
    )  # the good visit still audited


def test_audit_writes_no_report_when_another_cannot_be_written(place, capsys):
    refused(
        capsys,
        "audit",
        DAY_SHEET,
        "-o",
        "ok.csv",
        "--html",
        place / "passwd" / "x.html",
        says=["cannot write", "passwd/x.html", "passwd is a file, not a folder"],
    )
    assert everything(place) == ["passwd"]  # no ok.csv


def test_audit_given_a_folder_for_a_report_names_the_folder(place, capsys):
    (place / "reports").mkdir()
    for flag, example in (("-o", "report.csv"), ("--html", "report.html")):
        refused(
            capsys,
            "audit",
            DAY_SHEET,
            flag,
            "reports",
            says=[f"reports is a folder: name a file inside it, such as reports/{example}"],
        )
    assert everything(place) == ["passwd", "reports"]


def test_audit_never_writes_a_report_over_its_own_log(place, capsys):
    log = place / "log.csv"
    log.write_bytes(DAY_SHEET.read_bytes())
    refused(capsys, "audit", log, "-o", log, says=["log.csv is an input of this command"])
    refused(
        capsys,
        "audit",
        log,
        "-o",
        "same.csv",
        "--html",
        "./same.csv",
        says=["named for two outputs"],
    )
    assert log.read_bytes() == DAY_SHEET.read_bytes() and everything(place) == ["log.csv", "passwd"]


def test_audit_refuses_a_log_over_the_row_limit_and_the_limit_can_be_raised(place, capsys):
    log = place / "log.csv"
    pd.concat([pd.read_csv(DAY_SHEET, dtype=str)] * 3).to_csv(log, index=False)
    lines = len(pd.read_csv(log))
    refused(
        capsys,
        "audit",
        log,
        "--max-rows",
        lines - 1,
        "-o",
        "r.csv",
        says=[
            f"log.csv has more than {lines - 1:,} lines; the audit reads at most {lines - 1:,}",
            "--max-rows",
        ],
    )
    assert everything(place) == ["log.csv", "passwd"]
    assert main(["audit", str(log), "--max-rows", str(lines), "-o", "r.csv"]) == 0
    assert f"{lines} rows:" in capsys.readouterr().out and (place / "r.csv").is_file()
    refused(capsys, "audit", log, "--max-rows", "0", says=["--max-rows", "at least 1 line"])


def test_audit_refuses_an_xlsx_bomb_before_loading_it(place):
    """A 2 MB workbook that unpacks to 3,000,000 rows: refused from its stated size, in a real
    process (the spoilt end shows it is never unpacked that far)."""
    bomb = make_inputs.break_the_end(make_inputs.xlsx_bomb(place / "bomb.xlsx", 3_000_000))
    quiet = make_inputs.break_the_end(
        make_inputs.xlsx_bomb(place / "quiet.xlsx", 2_000_000, declare=False)
    )
    for path, says in (
        (bomb, "bomb.xlsx declares 3,000,001 rows, more than an Excel sheet can hold"),
        (quiet, "quiet.xlsx has more rows than an Excel sheet can hold (1,048,576)"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "toolkit",
                "audit",
                str(path),
                "-o",
                "r.csv",
                "--max-rows",
                "9000000",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2 and done.stdout == ""
        assert (
            done.stderr.count("\n") == 1
            and says in done.stderr
            and "not made by Excel" in done.stderr
        )
    assert everything(place) == ["bomb.xlsx", "passwd", "quiet.xlsx"]


# --- pairs ---------------------------------------------------------------------------------


def test_pairs_names_a_byte_that_is_no_text(place, capsys):
    refused(
        capsys,
        "pairs",
        PTP_SAMPLE,
        HOSTILE / "pairs_cp1252_undefined.txt",
        says=["pairs_cp1252_undefined.txt line 3: byte 0x81 is not text in UTF-8 or Windows-1252"],
    )
    assert everything(place) == ["passwd"]  # the good first file is not written alone


def test_pairs_still_reads_a_windows_1252_file_whole(place, capsys):
    good = place / "old_cms.txt"  # the corpus file without its undefined byte
    good.write_bytes(
        b"\r\n".join((HOSTILE / "pairs_cp1252_undefined.txt").read_bytes().split(b"\r\n")[:2])
    )
    assert main(["pairs", str(good), "--out", "pairs.csv"]) == 0
    assert "Misuse of column two code\u2019s rule" in (place / "pairs.csv").read_text(
        encoding="utf-8"
    )


def test_pairs_names_a_cell_too_long_to_be_a_ptp_table(place, capsys):
    long = make_inputs.pairs_long_field(place / "long.txt")
    refused(
        capsys,
        "pairs",
        long,
        says=[
            "long.txt row 2: a cell longer than 131,072 characters",
            "is this CMS's practitioner PTP table?",
        ],
    )
    assert everything(place) == ["long.txt", "passwd"]


@pytest.mark.parametrize(
    "out, says",
    [
        ("passwd/x.csv", "cannot write passwd/x.csv: passwd is a file, not a folder"),
        ("passwd/deeper/x.csv", "passwd is a file, not a folder"),
        (".", ". is a folder: name a file inside it, such as code_pairs.csv"),
    ],
)
def test_pairs_refuses_an_output_it_cannot_write_before_reading(place, capsys, out, says):
    refused(capsys, "pairs", PTP_SAMPLE, "--out", out, says=[says])
    assert everything(place) == ["passwd"]


def test_pairs_never_writes_over_its_input_or_reads_a_folder(place, capsys):
    ptp = place / "ptp.txt"
    ptp.write_bytes(PTP_SAMPLE.read_bytes())
    refused(capsys, "pairs", ptp, "--out", ptp, says=["ptp.txt is an input of this command"])
    (place / "cms").mkdir()
    refused(
        capsys, "pairs", ptp, "cms", "--out", "pairs.csv", says=["cms is a folder, not a PTP file"]
    )
    assert ptp.read_bytes() == PTP_SAMPLE.read_bytes() and everything(place) == [
        "cms",
        "passwd",
        "ptp.txt",
    ]


# --- grade (its output folder) --------------------------------------------------------------


@pytest.fixture
def a_class(place):
    spec = importlib.util.spec_from_file_location(
        "make_class", ROOT / "scripts" / "make_synthetic_class.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_class(place / "subs", submissions=6, seed=1)
    return place / "subs"


@pytest.mark.parametrize(
    "out, says",
    [
        ("passwd", "passwd is a file, not a folder"),
        ("passwd/sub", "cannot write passwd/sub: passwd is a file, not a folder"),
    ],
)
def test_grade_refuses_an_output_folder_it_cannot_make(a_class, capsys, out, says):
    before = everything(a_class.parent)
    refused(capsys, "grade", a_class, "-o", out, "--quiet", says=[says])
    assert everything(a_class.parent) == before


def test_grade_writes_no_report_when_the_bank_cannot_be_read(a_class, capsys):
    bank = make_inputs.bank_with(a_class.parent / "bank", "cp1252")
    before = everything(a_class.parent)
    refused(
        capsys,
        "grade",
        a_class,
        "-o",
        "new/book",
        "--solutions",
        bank,
        "--quiet",
        says=["ex01_tidy_visit.toml line 3: byte 0x93 is not UTF-8 text; save the file as UTF-8"],
    )
    assert everything(a_class.parent) == before  # not even the folder "new"


def test_grade_replaces_its_three_reports_and_leaves_other_files(a_class, capsys):
    book = a_class.parent / "book"
    book.mkdir()
    (book / "notes.txt").write_text("the instructor's notes")
    (book / "gradebook.csv").write_text("last week")
    assert main(["grade", str(a_class), "-o", str(book), "--quiet"]) == 0
    assert f"gradebook: {book / 'gradebook.csv'}" in capsys.readouterr().out
    assert everything(book) == ["gradebook.csv", "items.csv", "notes.txt", "report.html"]
    assert (book / "gradebook.csv").read_text().startswith('"learner",')
    assert (book / "notes.txt").read_text() == "the instructor's notes"


# --- generate and release: a solution file with one flaw ------------------------------------

FLAWED = [
    ("cp1252", "ex01_tidy_visit.toml line 3: byte 0x93 is not UTF-8 text"),
    ("codes_number", "ex01_tidy_visit.toml: codes must be a list of codes; got 5"),
    ("year_text", "ex01_tidy_visit.toml: year must be a whole number such as 2026; got 'twenty'"),
]


@pytest.mark.parametrize("flaw, says", FLAWED)
@pytest.mark.parametrize(
    "command",
    [
        ["generate", "--out", "exercises"],
        ["release", "bundle"],
        ["generate", "--check", "--out", "exercises"],
    ],
)
def test_a_flawed_solution_file_is_one_line_for_every_instructor_command(
    place, capsys, flaw, says, command
):
    bank = make_inputs.bank_with(place / "bank", flaw)
    refused(capsys, *command, "--solutions", bank, says=[says])
    assert everything(place) == ["bank", "bank/ex01_tidy_visit.toml", "passwd"]


@pytest.mark.parametrize(
    "command, says",
    [
        (["generate", "--out", "passwd"], "passwd is a file, not a folder"),
        (["generate", "--check", "--out", "passwd"], "passwd is a file, not a folder"),
        (
            ["generate", "--out", "passwd/sub"],
            "cannot write passwd/sub: passwd is a file, not a folder",
        ),
        (["release", "passwd"], "passwd is a file, not a folder"),
        (["release", "passwd/sub"], "cannot write passwd/sub: passwd is a file, not a folder"),
    ],
)
def test_generate_and_release_refuse_a_file_as_their_folder(place, capsys, command, says):
    refused(capsys, *command, says=[says])
    assert everything(place) == ["passwd"] and (place / "passwd").read_text() == "root:x:0:0\n"


def test_a_release_stopped_by_its_leak_check_leaves_nothing(place, capsys):
    bank = make_inputs.bank_with(place / "bank", "leaky")
    refused(
        capsys,
        "release",
        "out/bundle",
        "--solutions",
        bank,
        says=["release stopped, nothing written: solution text found in README.txt"],
    )
    assert everything(place) == ["bank", "bank/ex01_tidy_visit.toml", "passwd"]  # not even "out"


def test_generate_changes_all_its_files_or_none(place, capsys):
    out = place / "exercises"
    assert main(["generate", "--out", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "README.md").write_bytes(b"\xff edited by hand in another encoding")
    (out / "ex99_old.json").write_text("{}")  # no longer in the bank: removed
    capsys.readouterr()
    assert (
        main(["generate", "--check", "--out", str(out)]) == 1
    )  # differs, and no crash on the bytes
    assert "differs: README.md" in capsys.readouterr().out
    bank = make_inputs.bank_with(place / "bank", "year_text")
    refused(
        capsys, "generate", "--out", out, "--solutions", bank, says=["year must be a whole number"]
    )
    assert (out / "ex99_old.json").exists()  # a failed run changes nothing
    assert main(["generate", "--out", str(out)]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert everything(place) == sorted(
        [
            "bank",
            "bank/ex01_tidy_visit.toml",
            "passwd",
            "exercises",
            *(f"exercises/{name}" for name in first),
        ]
    )


# --- check ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, says",
    [
        (b"code,units\n97530,\xff\n", "is not a text CSV file"),
        (b"code,units,modifiers\n97530,2," + b"G" * 200_000 + b"\n", "not a readable CSV row"),
        (
            b"code,units\n97530,99999999999999999999999999\n",
            "units must be a whole number from 0 to",
        ),
    ],
)
def test_check_names_a_hostile_claim_file(place, capsys, content, says):
    claim = place / "claim.csv"
    claim.write_bytes(content)
    refused(capsys, "check", claim, says=["claim.csv", says])


def test_check_refuses_a_pipe_instead_of_waiting_on_it(place, capsys):
    import os

    os.mkfifo(place / "claim.csv")
    refused(
        capsys,
        "check",
        "claim.csv",
        says=["claim.csv is not an ordinary file (a device or a pipe)"],
    )


# --- the last line of defence -----------------------------------------------------------------


def test_a_fault_in_the_toolkit_is_still_one_line(monkeypatch, capsys):
    import toolkit.commands.units as units_command

    def broken(args):
        raise RuntimeError("a bug\nwith a second line")

    monkeypatch.setattr(units_command, "run", broken)
    assert main(["units", "97530=38"]) == 1  # not 2: the input was fine
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "unexpected error (RuntimeError: a bug); this is a fault in the toolkit" in err
    monkeypatch.setenv("CPT97530_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):  # the details, for whoever fixes it
        main(["units", "97530=38"])


# -- escapes from cells and file names never reach the terminal raw (red-team issue 9) ---------

ESCAPES = ("\x1b]0;pwned\x07", "\x00")


def test_check_shows_escapes_and_nul_from_cells_visibly(tmp_path, capsys):
    claim = tmp_path / "esc_claim.csv"
    claim.write_text(
        "code,units,modifiers,minutes,time_block,furnished_by\n97530,2,GP,20,A\x1b]0;pwned\x07,PT\n"
    )
    status = main(["check", str(claim)])
    out, err = capsys.readouterr()
    assert "A\\x1b]0;pwned\\x07" in out + err and status in (0, 2)
    assert not any(raw in out + err for raw in ESCAPES)
    claim.write_text(
        "code,units,modifiers,minutes,time_block,furnished_by\n975\x0030,2,GP,20,A,PT\n"
    )
    refused(capsys, "check", claim, says=["975\\x0030"])


def test_messages_naming_a_file_show_its_escapes(tmp_path, capsys):
    missing = tmp_path / "log\x1b[2J.csv"
    err = refused(capsys, "audit", missing, says=["log\\x1b[2J.csv"])
    assert "\x1b" not in err


def test_audit_rows_not_read_show_escapes_visibly(tmp_path, capsys):
    log = tmp_path / "esc_log.csv"
    log.write_text("visit_id,date,code,minutes\nP1,2026-03-02,9753\x1b]0;pwned\x070,38\n")
    main(["audit", str(log)])
    out, err = capsys.readouterr()
    assert "\\x1b]0;pwned\\x07" in (out + err).lower()
    assert not any(raw in out + err for raw in ESCAPES)


def test_generate_and_release_refuse_to_write_into_the_solutions(tmp_path, capsys):
    import shutil

    sol = tmp_path / "sol"
    shutil.copytree(ROOT / "solutions", sol)
    before = everything(sol)
    refused(capsys, "generate", "--solutions", sol, "--out", sol, says=["inside", "sol"])
    refused(capsys, "generate", "--solutions", sol, "--out", sol / "learner", says=["inside"])
    refused(capsys, "release", sol / "bundle", "--solutions", sol, says=["inside"])
    assert everything(sol) == before


def test_release_into_a_link_to_an_empty_folder_fills_that_folder(tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert main(["release", str(tmp_path / "link")]) == 0, capsys.readouterr().err
    assert (real / "README.txt").exists() and (tmp_path / "link").is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
