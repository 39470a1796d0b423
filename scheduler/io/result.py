"""What one import step did: counts for the planner, and the problems that stop the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.io.errors import InputError


@dataclass(frozen=True)
class ImportResult:
    """`created`/`updated` count stored rows; `errors` non-empty means the caller must roll back."""

    file: str
    entity: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    errors: list[InputError] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.created} new", f"{self.updated} updated"]
        if self.removed:
            parts.append(f"{self.removed} replaced")
        return f"{self.file}: {self.entity}: {', '.join(parts)}"
