"""One error hierarchy: every error a trainee, an author or an instructor can fix is a
BillingInputError, and says where (line, column) as fields, not as ad-hoc attributes."""

import pytest

from toolkit.errors import (
    AnswerFormatError,
    BillingInputError,
    ExerciseBankError,
    SubmissionError,
    visible,
)
from toolkit.rules.claims import check_claim


@pytest.mark.parametrize("kind", [ExerciseBankError, SubmissionError, AnswerFormatError])
def test_bank_submission_and_answer_errors_are_billing_input_errors(kind):
    error = kind("the reason")
    assert isinstance(error, BillingInputError) and str(error) == "the reason"
    assert error.line is None and error.column is None


def test_location_is_keyword_only_fields():
    error = BillingInputError("units must be a whole number", line=3, column="units")
    assert (error.line, error.column) == (3, "units")
    with pytest.raises(TypeError):
        BillingInputError("x", 3)  # a line number is never taken by position


def test_a_bad_claim_line_says_its_line_and_column():
    with pytest.raises(BillingInputError) as raised:
        check_claim([{"code": "97530", "units": 1}, {"code": "97530", "units": "lots"}])
    assert raised.value.line == 2 and raised.value.column == "units"
    assert str(raised.value).startswith("line 2:")


def test_visible_shows_control_characters_instead_of_running_them():
    assert visible("ok\x1b[2Jname\x00") == "ok\\x1b[2Jname\\x00"
