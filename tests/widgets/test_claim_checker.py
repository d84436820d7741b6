"""The claim line checker: findings from the claim rules, with sources; bad entries beside rows."""

import pytest

from toolkit.widgets.claim_checker import ClaimChecker


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def test_clean_claim_says_so():
    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}])
    checker.check_button.click()
    assert checker.check_result.ok
    assert "No errors found" in checker.findings_html.value


def test_missing_therapy_modifier_is_an_error_with_its_source():
    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "", "minutes": "30"}])
    checker.check_button.click()
    assert not checker.check_result.ok
    html = checker.findings_html.value
    assert "therapy-modifier-required" in html and "Source: CMS Pub 100-04 Ch.5 §20.1" in html


def test_chiropractor_is_not_billable_to_medicare_but_the_payer_switch_changes_it():
    checker = ClaimChecker(
        [
            {
                "code": "97530",
                "units": "1",
                "modifiers": "GP",
                "minutes": "20",
                "furnished_by": "chiropractor",
            }
        ]
    )
    checker.check_button.click()
    assert "chiropractor-medicare" in checker.check_result.rule_ids and not checker.check_result.ok
    checker.payer.value = "commercial"
    checker.check_button.click()
    assert "chiropractor-medicare" not in checker.check_result.rule_ids


def test_bad_units_are_named_beside_their_row_and_the_checker_keeps_working():
    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "GP"}])
    row = checker.add_row(code="97110", units="-1", modifiers="GP")
    checker.check_button.click()
    assert "got &#x27;-1&#x27;" in row.message.value and checker.check_result is None
    row.units.value = "1"
    checker.check_button.click()
    assert row.message.value == "" and checker.check_result is not None


def test_spending_over_threshold_needs_kx():
    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}])
    checker.spend_pt.value = "$2,600"
    checker.check_button.click()
    assert "kx-threshold" in checker.check_result.rule_ids
    checker.spend_pt.value = "lots"
    checker.check_button.click()
    assert "got &#x27;lots&#x27;" in checker.spend_message.value
    assert "cpt-claim-checker" in checker._dom_classes


def test_a_value_that_arrives_after_check_is_checked_too():
    """The browser may deliver a box's last edit after the click: the findings follow it."""
    from toolkit.widgets.claim_checker import show

    checker = show([{"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}])
    checker.check()
    assert checker.check_result.ok
    checker.rows[0].modifiers.value = ""  # arrives late, after the click
    assert "therapy-modifier-required" in checker.check_result.rule_ids


def test_no_check_runs_before_the_learner_asks():
    from toolkit.widgets.claim_checker import show

    checker = show([{"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}])
    checker.rows[0].units.value = "3"
    assert checker.check_result is None


def test_the_result_is_a_read_only_trait_that_other_code_can_observe():
    import traitlets

    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "", "minutes": "30"}])
    seen = []
    checker.observe(lambda change: seen.append(change["new"]), names="check_result")
    checker.check()
    assert len(seen) == 1 and seen[0] is checker.check_result and not seen[0].ok
    with pytest.raises(traitlets.TraitError):
        checker.check_result = None  # only a check sets it


def test_a_fake_rule_result_renders_with_its_source_and_no_rules_run():
    """The view renders whatever result it holds: set one by hand (no kernel, no browser)."""
    from types import SimpleNamespace

    from toolkit.rules.findings import Finding

    checker = ClaimChecker([{"code": "97530", "units": "1", "modifiers": "GP"}])
    fake = SimpleNamespace(
        ok=False,
        method="ama",
        expected_units={"97530": 9},
        findings=(Finding("therapy-modifier-required", "error", "Fake: add GP.", line=1),),
    )
    checker.set_trait("check_result", fake)
    html = checker.findings_html.value
    assert "This claim has errors to fix." in html and "97530: 9" in html and "(AMA)" in html
    assert "Line 1: Fake: add GP." in html and "Source: CMS Pub 100-04 Ch.5 §20.1" in html
    checker.set_trait("check_result", None)
    assert checker.findings_html.value == ""


def test_a_bad_spending_amount_asks_for_a_fix_and_holds_no_result():
    checker = ClaimChecker([{"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}])
    checker.check()
    checker.spend_ot.value = "a lot"
    checker.check()
    assert checker.check_result is None and checker.needs_fixing
    assert "OT spending" in checker.spend_message.value
    assert "Fix the entry marked in red" in checker.findings_html.value
