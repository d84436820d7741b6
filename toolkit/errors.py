"""The one error type the rules raise for bad input, and how any message is made safe to print."""


class BillingInputError(ValueError):
    """Input a trainee can fix: the message says what was wrong and names the bad value.

    Every rule function refuses bad input with this error and nothing else, so a widget
    or the command line can show the message beside the field instead of a traceback.
    """


def visible(text: object) -> str:
    """Text safe to print: control, escape and invisible characters (NUL included) shown as
    \\x1b, \\x00, \\u200b, so a crafted cell or file name cannot drive the terminal."""
    text = str(text)
    if text.isprintable():  # no control, format, unassigned or separator character but " "
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
