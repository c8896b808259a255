"""The one exception type for errors a user can cause (bad file, bad option, nothing found)."""


class JzlibError(Exception):
    """A problem with the user's input: the message names the file and what to do.

    The CLI turns it into one line on stderr and a non-zero exit, never a traceback.
    """

    def __init__(self, message: str, path=None):
        # a file name with bytes that are not UTF-8 is shown with U+FFFD (it must print)
        self.path = None if path is None else str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        super().__init__(f"{self.path}: {message}" if self.path else message)
