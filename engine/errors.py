"""The one error type users see: where the problem is and what is wrong."""
from __future__ import annotations


class UserError(Exception):
    """Bad input from a person: printed as `error: <where>: <what>`, exit code 2, no traceback."""

    def __init__(self, where: object, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = str(where)
        self.what = what

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"
