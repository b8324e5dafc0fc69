"""The one exception for expected failures of the environment or of usage: no store, an
unreadable folder, a bad revision. The CLI turns it into one message and exit code 2; problems
in user data are `Diagnostic` values instead, never exceptions."""


class ClaimsError(Exception):
    """The environment or the request is wrong: a message for people, and exit 2."""


StoreError = ClaimsError  # its earlier name, kept for code written against it
