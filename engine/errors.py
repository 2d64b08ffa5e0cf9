"""The one error type users see: where the problem is and what is wrong."""
from __future__ import annotations

import unicodedata

#: The longest `where` or `what` printed: a message quoting a file's content stays one readable line.
MAX_MESSAGE = 600


def one_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """`text` as one printable line: control characters (CR and LF among them), line separators and
    lone surrogates written as escapes, so a message quoting a hostile file can neither break the
    `error: <where>: <what>` line nor fail to print; cut to `limit` characters."""
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    line = "".join(out)
    return line if len(line) <= limit else line[:limit - 3] + "..."


class UserError(Exception):
    """Bad input from a person: printed as `error: <where>: <what>`, exit code 2, no traceback."""

    def __init__(self, where: object, what: str) -> None:
        self.where = one_line(where)
        self.what = one_line(what)
        super().__init__(f"{self.where}: {self.what}")

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"
