"""CMS's practitioner PTP table: read as CMS publishes it, merged with our pairs, applied by check_claim."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from toolkit import reference
from toolkit.cli import main
from toolkit.errors import BillingInputError
from toolkit.reference.ptp_table import merge_pairs, pairs_csv, read_ptp_file, read_ptp_files
from toolkit.rules.claims import ClaimLine, check_claim
from toolkit.rules.code_pairs import active_code_pairs

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ptp_practitioner_sample.txt"
HEADER = [
    "Column 1",
    "Column 2",
    "*=in existence prior to 1996",
    "Effective Date",
    "Deletion Date *=no data",
    "Modifier 0=not allowed 1=allowed 9=not applicable",
    "PTP Edit Rationale",
]


def pairs(rows):
    return {(r["column_one"], r["column_two"]): r for r in rows}


def write_txt(path, rows, title_lines=2):
    lines = [f"title line {n}" for n in range(title_lines)] + ["\t".join(HEADER)]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pairs_file(tmp_path, monkeypatch):
    """Point CPT97530_CODE_PAIRS at a file; the cached pairs are re-read before and after."""

    def use(rows):
        path = tmp_path / "merged.csv"
        path.write_text(pairs_csv(rows), encoding="utf-8")
        monkeypatch.setenv(reference.CODE_PAIRS_ENV, str(path))
        reference.code_pairs.cache_clear()
        return path

    yield use
    monkeypatch.delenv(reference.CODE_PAIRS_ENV, raising=False)
    reference.code_pairs.cache_clear()


# --- reading CMS's layout -----------------------------------------------------------------


def test_sample_keeps_only_therapy_pairs_and_converts_indicators():
    table = read_ptp_file(SAMPLE)
    found = pairs(table.rows)
    assert table.edits_read == 10 and table.not_applicable == 1  # 97530/97161 deleted retroactively
    assert set(found) == {
        ("97140", "97530"),
        ("97530", "97113"),
        ("97530", "97116"),
        ("97150", "97530"),
        ("97530", "97164"),
        ("97112", "97530"),
        ("97530", "97750"),
    }  # no 29000, no 99213
    allowed = found[("97140", "97530")]
    assert (allowed["kind"], allowed["bypass_modifiers"], allowed["modifier_on"]) == (
        "distinct-intervals",
        "59 XU XE XS XP",
        "97530",
    )
    assert (allowed["effective"], allowed["ended"], allowed["confidence"]) == (
        "2020-01-01",
        "",
        "CMS",
    )
    assert allowed["source"] == "CMS NCCI practitioner PTP table (ptp_practitioner_sample.txt)"
    assert "Misuse of column two code" in allowed["note"]
    never = found[("97530", "97113")]
    assert (never["kind"], never["bypass_modifiers"], never["modifier_on"]) == (
        "not-bypassable",
        "",
        "",
    )
    assert found[("97112", "97530")]["ended"] == "2022-01-01"


def test_excel_file_with_two_line_header_cells_and_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["CPT codes and descriptions only are copyright AMA (synthetic test file)"])
    sheet.append([])
    sheet.append(
        [
            "Column 1",
            "Column 2",
            "*=in existence\nprior to 1996",
            "Effective\nDate",
            "Deletion\nDate\n*=no data",
            "Modifier\n0=not allowed\n1=allowed\n9=not applicable",
            "PTP Edit Rationale",
        ]
    )
    sheet.append([97530, 97110, None, 20240101, "*", 0, "Mutually exclusive procedures"])
    sheet.append(["97140", "97530", "*", "20200101", "20250101", "1", "Misuse of column two code"])
    sheet.append([97530, 97161, None, 20200101, 20200101, 9, "Deleted"])
    sheet.append([64483, 97530, None, 20200101, "*", 1, "Not a therapy pair"])
    path = tmp_path / "ccipra-sample.xlsx"
    book.save(path)
    table = read_ptp_file(path)
    found = pairs(table.rows)
    assert set(found) == {("97530", "97110"), ("97140", "97530")}
    assert found[("97530", "97110")]["kind"] == "not-bypassable"
    assert found[("97530", "97110")]["effective"] == "2024-01-01"
    assert found[("97140", "97530")]["ended"] == "2025-01-01"
    assert table.edits_read == 4 and table.not_applicable == 1


def test_comma_delimited_file_and_several_files_at_once(tmp_path):
    csv_file = tmp_path / "part2.csv"
    csv_file.write_text(
        "Copyright line\n" + ",".join(HEADER) + "\nG0283,97530,,20200101,*,1,Misuse\n",
        encoding="utf-8",
    )
    table = read_ptp_files([SAMPLE, csv_file])
    assert ("G0283", "97530") in pairs(table.rows) and len(table.rows) == 8


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [["97530", "97110", "", "2024-01-01", "*", "1", "x"]],
            "row 4: the effective date must be a date written YYYYMMDD",
        ),
        ([["97530", "97110", "", "20240101", "never", "1", "x"]], "row 4: the deletion date"),
        (
            [
                ["97140", "97530", "", "20200101", "*", "1", "x"],
                ["97530", "97110", "", "20240101", "*", "2", "x"],
            ],
            "row 5: the modifier indicator must be 0, 1 or 9; got '2'",
        ),
    ],
)
def test_bad_rows_name_the_file_and_row(tmp_path, rows, message):
    path = write_txt(tmp_path / "ptp.txt", rows)
    with pytest.raises(BillingInputError, match=message) as bad:
        read_ptp_file(path)
    assert "ptp.txt" in str(bad.value)


def test_bad_dates_of_codes_we_do_not_know_are_not_read(tmp_path):
    # A million-row file: only the therapy rows are parsed in full.
    path = write_txt(tmp_path / "ptp.txt", [["29000", "29010", "", "garbage", "*", "1", "x"]])
    assert read_ptp_file(path).rows == ()


def test_no_header_row_and_unreadable_files(tmp_path):
    no_header = tmp_path / "notes.txt"
    no_header.write_text("97530\t97110\t\t20240101\t*\t1\tx\n", encoding="utf-8")
    with pytest.raises(
        BillingInputError, match=r"notes.txt: no header row with 'Column 1' and 'Column 2'"
    ):
        read_ptp_file(no_header)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not really a workbook", encoding="utf-8")
    with pytest.raises(BillingInputError, match="broken.xlsx"):
        read_ptp_file(broken)
    with pytest.raises(BillingInputError, match="does not exist"):
        read_ptp_file(tmp_path / "missing.txt")


# --- merging with our pairs ---------------------------------------------------------------


def test_cms_edits_replace_ours_for_the_same_pair_in_either_order():
    ours = reference.packaged_code_pairs()
    merged = merge_pairs(ours, read_ptp_file(SAMPLE).rows)
    by_pair = {}
    for row in merged.rows:
        by_pair.setdefault(frozenset((row["column_one"], row["column_two"])), []).append(row)
    # 97530/97116 (ours, direction not confirmed) replaced by CMS's 97530 -> 97116.
    [cms_116] = by_pair[frozenset(("97530", "97116"))]
    assert cms_116["confidence"] == "CMS" and cms_116["modifier_on"] == "97116"
    # Pairs CMS does not list stay ours; the deleted-evaluation history stays.
    [ours_150_164] = by_pair[frozenset(("97150", "97164"))]
    assert ours_150_164["confidence"] == "secondary"
    assert len([r for r in merged.rows if r["kind"] == "evaluation-deleted"]) == 6
    # Group therapy and the re-evaluation keep what we teach about them.
    assert by_pair[frozenset(("97150", "97530"))][0]["kind"] == "group-vs-one-on-one"
    assert by_pair[frozenset(("97530", "97164"))][0]["kind"] == "re-evaluation"
    assert merged.replaced == 4 and merged.kept == len(ours) - 4
    assert len(merged.rows) == merged.kept + 7


def test_not_bypassable_cms_edit_is_stronger_than_our_teaching_kind():
    cms = [{"column_one": "97150", "column_two": "97530", "kind": "not-bypassable"}]
    [row] = [
        r
        for r in merge_pairs(reference.packaged_code_pairs(), cms).rows
        if r["column_two"] == "97530" and r["column_one"] == "97150"
    ]
    assert row["kind"] == "not-bypassable"


# --- the pairs file in use ----------------------------------------------------------------


def line(code, block, modifiers="GP"):
    return ClaimLine(code, 1, modifiers, None, block)


def test_packaged_pairs_have_no_not_bypassable_edit():
    assert not [r for r in reference.packaged_code_pairs() if r["kind"] == "not-bypassable"]


def test_env_var_file_is_read_and_not_bypassable_is_an_error(pairs_file):
    pairs_file(merge_pairs(reference.packaged_code_pairs(), read_ptp_file(SAMPLE).rows).rows)
    assert any(r["kind"] == "not-bypassable" for r in reference.code_pairs())
    # 97530 with 97113: indicator 0 from 2021. XU and separate time blocks do not help.
    check = check_claim([line("97530", "A", "GP XU"), line("97113", "B", "GP XU")], year=2026)
    [finding] = [f for f in check.findings if f.rule_id == "ptp-not-bypassable"]
    assert (finding.severity, finding.line, finding.confidence) == ("error", 2, "CMS")
    assert "no modifier" in finding.message and "97113 is denied" in finding.message
    assert not check.ok and "code-pair-edit" not in check.rule_ids
    assert (
        "ptp-not-bypassable"
        not in check_claim([line("97530", "A"), line("97113", "B")], year=2020).rule_ids
    )


def test_cms_deletion_date_is_the_first_year_not_in_force(pairs_file):
    pairs_file(read_ptp_file(SAMPLE).rows)  # 97112/97530 from 2019, deleted 2022-01-01
    in_force = {
        year: ("97112", "97530")
        in {(r["column_one"], r["column_two"]) for r in active_code_pairs(year)}
        for year in (2018, 2019, 2021, 2022)
    }
    assert in_force == {2018: False, 2019: True, 2021: True, 2022: False}


def test_env_var_unset_means_the_packaged_pairs(monkeypatch):
    monkeypatch.delenv(reference.CODE_PAIRS_ENV, raising=False)
    reference.code_pairs.cache_clear()
    assert reference.code_pairs() == reference.packaged_code_pairs()


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "no column_one, column_two"),
        ('garbage,,,"\n', "no column_one, column_two"),
        (None, "no code pairs in it"),  # the header `cpt97530 pairs` writes, and no row
    ],
)
def test_an_empty_pairs_file_is_refused_not_read_as_no_edits(pairs_file, text, says):
    # Read as no rows, every code-pair edit was silently off (97140 + 97530 passed).
    path = pairs_file([])
    if text is not None:
        path.write_text(text, encoding="utf-8")
    reference.code_pairs.cache_clear()
    with pytest.raises(BillingInputError, match=f"CPT97530_CODE_PAIRS file .*: {says}"):
        reference.code_pairs()


def test_env_var_pointing_nowhere_or_at_a_bad_file(pairs_file, tmp_path, monkeypatch):
    monkeypatch.setenv(reference.CODE_PAIRS_ENV, str(tmp_path / "gone.csv"))
    reference.code_pairs.cache_clear()
    with pytest.raises(
        BillingInputError, match="CPT97530_CODE_PAIRS names the code-pairs file .*gone.csv"
    ):
        reference.code_pairs()
    bad = [{**reference.packaged_code_pairs()[0], "kind": "sometimes"}]
    pairs_file(bad)
    with pytest.raises(BillingInputError, match="row 2: kind must be one of"):
        reference.code_pairs()
    pairs_file([{**reference.packaged_code_pairs()[0], "effective": "20200101"}])
    with pytest.raises(BillingInputError, match="effective must be a date like 2026-01-01"):
        reference.code_pairs()
    pairs_file(bad).write_text("column_one,column_two\n97530,97110\n", encoding="utf-8")
    with pytest.raises(BillingInputError, match="no kind, bypass_modifiers, .* column"):
        reference.code_pairs()


# --- cpt97530 pairs -----------------------------------------------------------------------


def test_cli_writes_the_merged_file_and_says_how_to_use_it(tmp_path, capsys, pairs_file):
    out = tmp_path / "made" / "pairs.csv"
    assert main(["pairs", str(SAMPLE), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert (
        "Read 10 edits; 7 are between therapy codes" in said
        and "2 with modifier indicator 0" in said
    )
    assert "4 replaced by CMS's edits, 7 kept" in said and f"CPT97530_CODE_PAIRS={out}" in said
    expected = merge_pairs(reference.packaged_code_pairs(), read_ptp_file(SAMPLE).rows).rows
    pairs_file(expected)  # the same rows, written the same way
    assert out.read_text(encoding="utf-8") == pairs_csv(expected)
    assert [p.name for p in out.parent.iterdir()] == ["pairs.csv"]  # no temporary file left


def test_cli_default_out_is_code_pairs_csv_here(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["pairs", str(SAMPLE)]) == 0
    assert (tmp_path / "code_pairs.csv").is_file()


def test_cli_bad_file_is_one_line_and_exit_2(tmp_path, capsys):
    bad = write_txt(tmp_path / "ptp.txt", [["97530", "97110", "", "01/01/2024", "*", "1", "x"]])
    out = tmp_path / "pairs.csv"
    assert main(["pairs", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cpt97530 pairs: ptp.txt row 4: the effective date")
    assert not out.exists()


def _damaged_copies(tmp_path):
    """A real workbook, then one with its sheet cut in half and one whose sheet is missing."""
    import zipfile

    good = tmp_path / "good.xlsx"
    book = Workbook()
    for row in [["Column 1", "Column 2", "Effective Date", "Deletion Date", "Modifier"]] + [
        ["97530", "97150", "20200101", "", "1"]
    ] * 200:
        book.active.append(row)
    book.save(good)
    made = []
    for name, change in [
        ("cut.xlsx", lambda n, d: d[: len(d) // 2] if n.endswith("sheet1.xml") else d),
        (
            "nosheet.xlsx",
            lambda n, d: d.replace(b"sheet1.xml", b"nosuch.xml") if n.endswith(".rels") else d,
        ),
    ]:
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(tmp_path / name, "w") as copy:
            for item in source.infolist():
                copy.writestr(item.filename, change(item.filename, source.read(item.filename)))
        made.append(tmp_path / name)
    return made


def test_a_damaged_workbook_is_one_clear_line_exit_2(tmp_path, capsys):
    for damaged in _damaged_copies(tmp_path):
        status = main(["pairs", "--out", str(tmp_path / "p.csv"), str(damaged)])
        err = capsys.readouterr().err
        assert status == 2, err
        assert f"cannot read the PTP file {damaged.name} as an Excel workbook" in err
        assert err.count("\n") == 1 and not (tmp_path / "p.csv").exists()
