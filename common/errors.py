"""The one way services say no: a DomainError carrying a message fit to show the user."""


class DomainError(Exception):
    """
    A rule of the service was broken. `message` is shown to the user as it is.

    `field` optionally names the form field the problem belongs to (a duplicate reference), so a
    page can show the message at that field as well as in the error summary.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
