"""Reference data: every fact has a source and a confidence mark; every code of §2 is present."""

import csv
from datetime import date
from importlib import resources

import pytest

from toolkit import reference
from toolkit.errors import BillingInputError

# Billing reference §2, group by group.
TIMED = "97032 97033 97034 97035 97036 97110 97112 97113 97116 97140 97530 97533 97535 97537 97542 97750 97755 97760 97761 97763".split()
EVALUATIONS = "97161 97162 97163 97164 97165 97166 97167 97168 92521 92522 92523 92524".split()
UNTIMED_OTHER = "97150 97010 97012 97014 G0283 97016 97018 97022 97024 97026 97028 92507".split()
SLP_TREATMENT = "92508 92526".split()  # §8: SLPs perform 92507, 92508, 92526 (issue 12 adds them)
# Lessons 12 and 13's facts: each row also carries the date it took effect.
DATED_FILES = ["adjustment_codes.csv", "place_of_service.csv", "claim_form_boxes.csv"]
DATA_FILES = [
    "codes.csv",
    "rules.csv",
    "thresholds.csv",
    "code_pairs.csv",
    "modifiers.csv",
    *DATED_FILES,
]


def test_every_code_of_section_2_with_its_timing():
    table = reference.codes()
    assert {c for c in TIMED} == {c for c, info in table.items() if info.timed}
    assert set(EVALUATIONS + UNTIMED_OTHER + SLP_TREATMENT) == {
        c for c, info in table.items() if not info.timed
    }
    assert all(table[c].kind == "evaluation" for c in EVALUATIONS)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_has_a_source_and_a_known_confidence(name):
    text = resources.files("toolkit.reference.data").joinpath(name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip(), row
        if "confidence" in row:
            assert row["confidence"] in reference.CONFIDENCE_LABELS, row


@pytest.mark.parametrize("name", DATED_FILES)
def test_every_new_fact_row_has_a_source_a_confidence_a_date_and_a_known_rule(name):
    text = resources.files("toolkit.reference.data").joinpath(name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows
    for row in rows:
        assert None not in row and None not in row.values(), row  # no row cut short or long
        assert row["source"].strip() and row["confidence"] in reference.CONFIDENCE_LABELS, row
        assert date.fromisoformat(row["effective"]), row
        if "rule_id" in row:
            assert row["rule_id"] in reference.rules(), row


def test_pairs_and_thresholds_carry_effective_dates():
    # every sourced pair has a date; only an unverified pair with no source goes undated
    assert all(
        row["effective"] or row["confidence"] == "unverified" for row in reference.code_pairs()
    )
    assert [r for r in reference.code_pairs() if not r["effective"]] == [
        r for r in reference.code_pairs() if r["source"].startswith("No source")
    ]
    assert all(
        row["effective"].startswith(str(year)) for year, row in reference.thresholds().items()
    )
    assert reference.thresholds()[2024]["kx_threshold"] == "2330"


def test_unverified_facts_are_marked_so():
    assert reference.rule("seed-history").confidence == "unverified"
    assert reference.rule("mue-97530").confidence == "unverified"
    assert "UNVERIFIED" in reference.rule("therapy-modifier-list-97530").citation


def test_citation_shows_source_and_confidence():
    citation = reference.rule("cms-unit-table").citation
    assert "Pub 100-04 Ch.5 §20.2" in citation and "[CMS manual]" in citation


@pytest.mark.parametrize(
    "raw, code", [("97530", "97530"), (" 97530 ", "97530"), (97530, "97530"), ("g0283", "G0283")]
)
def test_normalize_code(raw, code):
    assert reference.normalize_code(raw) == code


@pytest.mark.parametrize("raw", ["9753", "97531", "", None, 97530.0, True, ["97530"]])
def test_unknown_codes_are_refused(raw):
    with pytest.raises(BillingInputError):
        reference.normalize_code(raw)


@pytest.mark.parametrize(
    "raw, role",
    [
        ("PT", "PT"),
        ("physical therapist assistant", "PTA"),
        ("COTA", "OTA"),
        ("Certified Athletic Trainer", "athletic trainer"),
        ("DC", "chiropractor"),
    ],
)
def test_provider_titles(raw, role):
    assert reference.normalize_provider(raw) == role


def test_unknown_provider_is_refused():
    with pytest.raises(BillingInputError, match="sports therapist"):
        reference.normalize_provider("sports therapist")


def test_marks_match_their_sources_after_the_second_review():
    # 97533 rests on the AMA descriptor: not a CMS fact
    assert (
        "AMA" in reference.codes()["97533"].source
        and reference.codes()["97533"].confidence == "secondary"
    )
    # the no-splitting rule includes First Coast MAC's one-line rule, so it is not all CMS
    splitting = reference.rule("no-splitting-for-units")
    assert "First Coast" in splitting.source and splitting.confidence == "secondary"
    # co-treatment is sourced to the Part B billing scenarios, not to §20.2's direct-time rule
    assert "treating one patient" not in reference.rule("direct-time-only").title
    assert "Part B billing scenarios" in reference.rule("co-treatment-once").source
