"""Input problems as data: every bad cell becomes one `InputError`, so a planner can fix a file in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputError:
    """One problem in an input file. `row` is the CSV line (header = 1) or the 1-based Parquet record;
    None for problems of the whole file (a missing Parquet column, an unreadable file)."""

    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class InputErrors(Exception):
    """An import found problems; nothing was written. Carries every problem, in file and row order."""

    def __init__(self, errors: Iterable[InputError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.row or 0, e.column, e.message))
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.errors)
        return f"{count} problem{'s' if count != 1 else ''} found; nothing was imported"

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]
