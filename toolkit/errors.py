"""The one error type the rules raise for bad input, and how any message is made safe to print."""


class BillingInputError(ValueError):
    """Input a trainee can fix: the message says what was wrong and names the bad value.

    Every rule function refuses bad input with this error (or one below it), so a widget or
    the command line can show the message beside the field instead of a traceback. `line`
    (1-based claim or file line) and `column` (the field's name) say where, when known.
    """

    def __init__(self, message: str = "", *, line: int | None = None, column: str | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class ExerciseBankError(BillingInputError):
    """A solution file is wrong: an author's mistake, reported with the file's name."""


class SubmissionError(BillingInputError):
    """A submission file that cannot be graded; the message is the reason shown to the
    instructor."""


class AnswerFormatError(BillingInputError):
    """Answers that are not shaped like the exercise's answers (not a learner's mistake)."""


def visible(text: object) -> str:
    """Text safe to print: control, escape and invisible characters (NUL included) shown as
    \\x1b, \\x00, \\u200b, so a crafted cell or file name cannot drive the terminal."""
    text = str(text)
    if text.isprintable():  # no control, format, unassigned or separator character but " "
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
