"""`cpt97530 check CLAIM.csv`, run as a real process on the example claims and on bad files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "claims"


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def as_json(*args):
    done = cli(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_there_are_example_claims():
    assert 4 <= len(list(EXAMPLES.glob("*.csv"))) <= 8


def test_clean_claim_prints_lines_and_no_findings():
    done = cli(EXAMPLES / "clean_97530_97140_separate_blocks.csv")
    assert done.returncode == 0 and done.stderr == ""
    assert "97530" in done.stdout and "GP XU" in done.stdout and "9:00-9:30" in done.stdout
    assert "Units the minutes support: 97530 2, 97140 1, 97012 1" in done.stdout
    assert "no findings" in done.stdout


@pytest.mark.parametrize(
    "example, rule_ids, ok",
    [
        ("clean_97530_97140_separate_blocks.csv", set(), True),
        ("same_minutes_two_codes.csv", {"one-service-per-15-minutes"}, False),
        (
            "assistant_missing_modifiers.csv",
            {
                "therapy-modifier-required",
                "assistant-modifier-required",
                "assistant-modifier-pairing",
            },
            False,
        ),
        (
            "split_and_overbilled.csv",
            {"one-line-per-code", "doc-units-match-minutes", "one-evaluation-per-day"},
            False,
        ),
        (
            "who_may_bill.csv",
            {"chiropractor-medicare", "non-therapist-medicare", "slp-not-97530"},
            False,
        ),
        ("commercial_per_code.csv", set(), True),
    ],
)
def test_examples_json(example, rule_ids, ok):
    data = as_json(EXAMPLES / example)
    assert set(data) == {"payer", "year", "method", "ok", "expected_units", "findings"}
    assert data["ok"] is ok
    found = {f["rule"] for f in data["findings"] if f["severity"] != "info"}
    assert rule_ids <= found and (rule_ids or not found)
    for finding in data["findings"]:
        assert set(finding) >= {"rule", "severity", "message", "line", "source", "confidence"}


def test_payer_and_year_columns_and_flags():
    data = as_json(EXAMPLES / "commercial_per_code.csv")
    assert (data["payer"], data["year"], data["method"]) == ("commercial", 2025, "ama")
    assert data["expected_units"] == {"97530": 1, "97110": 1, "97112": 1}
    data = as_json(
        EXAMPLES / "clean_97530_97140_separate_blocks.csv",
        "--payer",
        "commercial",
        "--method",
        "cms",
        "--year",
        "2024",
    )
    assert (data["payer"], data["year"], data["method"]) == ("commercial", 2024, "cms")


def test_spending_flags_reach_the_kx_check():
    data = as_json(EXAMPLES / "clean_97530_97140_separate_blocks.csv", "--spend-pt-slp", "2,600")
    assert {(f["rule"], f["severity"]) for f in data["findings"]} >= {("kx-threshold", "error")}
    assert not data["ok"]


def test_text_output_groups_findings_with_rule_and_source():
    done = cli(EXAMPLES / "who_may_bill.csv")
    out = done.stdout
    assert done.returncode == 0
    assert out.index("ERRORS (2)") < out.index("WARNINGS (1)")
    assert "[chiropractor-medicare] source:" in out and "[secondary source]" in out
    assert "[non-therapist-medicare] source: CMS Pub 100-02 Ch.15 §230.5 [CMS manual]" in out


@pytest.mark.parametrize(
    "content, says",
    [
        ("", "is empty"),
        (",,\n,,\n", "no header"),
        ("code,units\n", "no claim lines"),
        ("code,minutes\n97530,30\n", "no 'units' column"),
        ("code,units,minuts\n97530,1,30\n", "unknown column 'minuts'"),
        ("code,units\n97530,two\n", "line 2 (claim line 1), column 'units'"),
        ("code,units\n97530,1\n99999,1\n", "line 3 (claim line 2), column 'code'"),
        ("code,units,minutes\n97530,1,-4\n", "column 'minutes'"),
        ("code,units,modifiers\n97530,1,GPX\n", "column 'modifiers'"),
        ("code,units,time_block\n97530,1,9:30-9:00\n", "column 'time_block'"),
        ("code,units,furnished_by\n97530,1,wizard\n", "column 'furnished_by'"),
        ("code,units\n97530,1,extra\n", "3 cells"),
        ("payer,code,units\nmedicare,97530,1\ncommercial,97110,1\n", "one claim has one payer"),
        ("year,code,units\n1850,97530,1\n", "1850"),
        ("code,units,minutes\n97530,40,800\n97110,40,700\n", "1440"),
    ],
)
def test_bad_file_exits_2_with_one_stderr_line(tmp_path, content, says):
    claim = tmp_path / "claim.csv"
    claim.write_text(content, encoding="utf-8")
    done = cli(claim)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["missing.csv"], "the claim CSV missing.csv does not exist"),
        ([EXAMPLES / "who_may_bill.csv", "--spend-ot", "lots"], "--spend-ot"),
        ([EXAMPLES / "who_may_bill.csv", "--payer", "medicaid"], "--payer"),
        ([EXAMPLES / "commercial_per_code.csv", "--payer", "medicare"], "payer column says"),
    ],
)
def test_bad_arguments_exit_2_with_one_stderr_line(tmp_path, args, says):
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and says in done.stderr


def test_binary_file_is_refused(tmp_path):
    claim = tmp_path / "claim.csv"
    claim.write_bytes(b"\x89PNG\r\n\x1a\n\xff\x00")
    done = cli(claim)
    assert done.returncode == 2 and "not a text CSV" in done.stderr
