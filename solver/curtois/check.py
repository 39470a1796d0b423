"""An independent checker for Curtois & Qu rosters: hard rules and objective recomputed from the roster alone.

It shares no code with the CP-SAT model, so a bug in the model cannot hide in its own objective value.
Boundary convention (FORMAT.md): minimum run lengths do not bind for a block touching the horizon's start
or end; maximum run lengths bind everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.curtois.instance import Instance

Roster = dict[str, list[str | None]]  # employee -> per day the shift id worked, or None for a day off


@dataclass(frozen=True)
class RosterViolation:
    rule: str
    employee: str
    message: str


@dataclass(frozen=True)
class RosterEvaluation:
    objective: int
    on_request_penalty: int
    off_request_penalty: int
    under_cover_penalty: int
    over_cover_penalty: int
    violations: tuple[RosterViolation, ...] = field(default=())

    @property
    def feasible(self) -> bool:
        return not self.violations


def _runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, value) of each maximal block of equal flags."""
    runs, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            runs.append((start, i - start, flags[start]))
            start = i
    return runs


def evaluate_roster(instance: Instance, roster: Roster) -> RosterEvaluation:
    shifts = {s.id: s for s in instance.shifts}
    violations: list[RosterViolation] = []

    def bad(rule: str, employee: str, message: str) -> None:
        violations.append(RosterViolation(rule, employee, message))

    for e in instance.employees:
        days = roster.get(e.id)
        if days is None or len(days) != instance.days:
            bad("roster.shape", e.id, f"needs exactly {instance.days} days")
            continue
        for d, s in enumerate(days):
            if s is not None and s not in shifts:
                bad("roster.shape", e.id, f"day {d}: unknown shift {s!r}")
        if any(s is not None and s not in shifts for s in days):
            continue
        for d in range(instance.days - 1):
            if days[d] is not None and days[d + 1] in shifts[days[d]].forbidden_next:
                bad("rest.forbidden_succession", e.id, f"day {d}: {days[d]} followed by {days[d + 1]}")
        for s, limit in e.max_shifts.items():
            count = sum(1 for x in days if x == s)
            if count > limit:
                bad("skills.max_shifts_of_type", e.id, f"{count} shifts of {s}, at most {limit}")
        minutes = sum(shifts[x].length_min for x in days if x is not None)
        if not e.min_total_min <= minutes <= e.max_total_min:
            bad("contracts.total_minutes", e.id, f"{minutes} min, allowed {e.min_total_min}..{e.max_total_min}")
        for start, length, working in _runs([x is not None for x in days]):
            touches_edge = start == 0 or start + length == instance.days
            if working and length > e.max_consecutive_shifts:
                bad("contracts.max_consecutive_days", e.id, f"{length} days from day {start}")
            if working and length < e.min_consecutive_shifts and not touches_edge:
                bad("contracts.min_consecutive_days", e.id, f"{length} days from day {start}")
            if not working and length < e.min_consecutive_days_off and not touches_edge:
                bad("contracts.min_consecutive_days_off", e.id, f"{length} days off from day {start}")
        weekends = sum(1 for sat, sun in instance.weekends if days[sat] is not None or days[sun] is not None)
        if weekends > e.max_weekends:
            bad("fairness.max_weekends", e.id, f"{weekends} weekends, at most {e.max_weekends}")
        for d in sorted(instance.days_off[e.id]):
            if days[d] is not None:
                bad("availability.day_off", e.id, f"works {days[d]} on fixed day off {d}")

    def works(employee: str, day: int, shift: str) -> bool:
        days = roster.get(employee)
        return bool(days) and len(days) > day and days[day] == shift

    on = sum(r.weight for r in instance.on_requests if not works(r.employee, r.day, r.shift))
    off = sum(r.weight for r in instance.off_requests if works(r.employee, r.day, r.shift))
    under = over = 0
    for c in instance.cover:
        n = sum(1 for e in instance.employees if works(e.id, c.day, c.shift))
        under += c.weight_under * max(0, c.requirement - n)
        over += c.weight_over * max(0, n - c.requirement)
    return RosterEvaluation(on + off + under + over, on, off, under, over, tuple(violations))
