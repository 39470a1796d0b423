"""Errors a planner can act on; their message is shown as is, so it says what and why."""

from __future__ import annotations

from dataclasses import dataclass


class ServiceError(RuntimeError):
    """An action cannot be done as asked (missing row, published plan, locked shift)."""


@dataclass(frozen=True)
class FieldError:
    """A validation problem attached to one form field, shown next to that field."""

    field: str
    message: str


class ValidationFailed(ServiceError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
