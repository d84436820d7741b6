"""The one error type the rules raise for bad input."""


class BillingInputError(ValueError):
    """Input a trainee can fix: the message says what was wrong and names the bad value.

    Every rule function refuses bad input with this error and nothing else, so a widget
    or the command line can show the message beside the field instead of a traceback.
    """
