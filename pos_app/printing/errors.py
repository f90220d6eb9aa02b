"""The one error of the printing side: a French `message` for the cashier, a stable `code`."""

from __future__ import annotations


class PrintError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
