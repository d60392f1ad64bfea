"""The one way services say no: a DomainError carrying a message fit to show the user."""


class DomainError(Exception):
    """A rule of the service was broken. `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
