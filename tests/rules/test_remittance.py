"""Each adjustment on an 835 explained with its rule and next step; unknown codes said so."""

import pytest

from toolkit.course.lessons.sample_claims import SAMPLE_835
from toolkit.reference import adjustment_codes
from toolkit.rules import remittance
from toolkit.rules.x12_835 import read_835


def _found(name):
    return remittance.findings(read_835(SAMPLE_835[name]))


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("Bundled with manual therapy (CO-97)", ["CO-97", "59 or the fitting X modifier"]),
        ("Not medically necessary (CO-50, N115)", ["CO-50", "redetermination within 120 days"]),
        ("Too many units (CO-151)", ["CO-151", "Compare the units with the note"]),
        ("Plan limit and not covered (CO-119, PR-204)", ["CO-119", "PR-204"]),
        ("Unprocessable: box left blank (CO-16, MA130)", ["MA130", "submit a new claim"]),
    ],
)
def test_each_denial_is_explained_with_the_next_step(name, wanted):
    text = " ".join(f.message for f in _found(name))
    assert all(w in text for w in wanted), text


def test_co_is_the_clinics_loss_and_pr_the_patients_share():
    found = _found("Paid with coinsurance (CO-45, PR-2)")
    severity = {f.message.split(": ", 1)[1][:5]: f.severity for f in found}
    assert severity["CO-45"] == "error" and severity["PR-2,"] == "info"
    assert "CO-45, $26.00." in found[0].message  # dollars and cents, as on the 835


def test_a_code_whose_row_is_unconfirmed_says_so_in_its_message():
    text = " ".join(f.message for f in _found("Too many units (CO-151)"))
    assert "CO-151" in text and "UNVERIFIED: this code's wording" in text
    assert "UNVERIFIED" not in " ".join(
        f.message for f in _found("Paid with coinsurance (CO-45, PR-2)")
    )


def test_an_unknown_reason_or_remark_is_said_not_guessed():
    rule_id, text = remittance.adjustment_message("CO", "B7", "10.00", "Claim X")
    assert rule_id == "remit-carc-rarc" and "not in the course's list" in text
    rule_id, text = remittance.remark_message("N999", "Claim X")
    assert rule_id == "remit-carc-rarc" and "not in the course's list" in text


def test_every_code_row_names_a_rule_of_the_reference():
    from toolkit.reference import rules

    assert {row["rule_id"] for row in adjustment_codes().values()} <= set(rules())
    for code in ("97", "50", "151", "119", "204"):
        assert ("carc", code) in adjustment_codes()
