"""Past-tense events the screens post; solve messages come from a worker thread (post_message is
thread-safe)."""

from __future__ import annotations

from textual.message import Message

from scheduler.planning.api import SolveOutcome, SolveProgress


class SolveProgressed(Message):
    """A better solution was found. Bursts collapse to the newest: it carries the whole history."""

    def __init__(self, progress: SolveProgress, history: tuple[SolveProgress, ...]) -> None:
        super().__init__()
        self.progress = progress
        self.history = history

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SolveProgressed)


class SolveFinished(Message):
    def __init__(self, outcome: SolveOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class SolveFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class AgentSaved(Message):
    def __init__(self, agent_id: int) -> None:
        super().__init__()
        self.agent_id = agent_id


class AvailabilitySaved(Message):
    def __init__(self, agent_id: int) -> None:
        super().__init__()
        self.agent_id = agent_id


class ShiftEdited(Message):
    """A shift was locked, unlocked or moved; `plan_id` is the draft that holds the edit."""

    def __init__(self, plan_id: int, shift_id: int, edit: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.shift_id = shift_id
        self.edit = edit


class PlanPublished(Message):
    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id
