"""Labour rules as data: one break/working-time pack per jurisdiction, plus company short breaks.

`break_items(pack, length_min)` turns a pack into the concrete breaks a shift of a given length needs,
each with a window relative to the shift start; the model places them, the checker re-verifies the
underlying law (minutes of break for minutes of work, longest stretch without a break, daily maximum).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from solver import rule_ids


@dataclass(frozen=True)
class BreakThreshold:
    """More than `work_over_min` minutes of work need at least `break_total_min` minutes of break."""

    work_over_min: int
    break_total_min: int
    rule_id: str


@dataclass(frozen=True)
class ShortBreak:
    """A company break placed `window_min` after the shift start, for shifts of at least `min_shift_min`."""

    length_min: int
    window_min: tuple[int, int]  # earliest and latest start, minutes after the shift start
    min_shift_min: int
    paid: bool = True


@dataclass(frozen=True)
class BreakRulePack:
    name: str
    thresholds: tuple[BreakThreshold, ...]
    min_block_min: int
    max_work_without_break_min: int
    max_work_day_min: int
    min_rest_min: int
    main_break_margin_min: tuple[int, int]  # main break starts >= [0] after the shift start, ends >= [1] before its end
    short_breaks: tuple[ShortBreak, ...] = ()

    def required_break_min(self, work_min: int) -> int:
        return max((t.break_total_min for t in self.thresholds if work_min > t.work_over_min), default=0)

    def with_short_breaks(self, *breaks: ShortBreak) -> "BreakRulePack":
        return BreakRulePack(
            self.name + "+company",
            self.thresholds,
            self.min_block_min,
            self.max_work_without_break_min,
            self.max_work_day_min,
            self.min_rest_min,
            self.main_break_margin_min,
            self.short_breaks + tuple(breaks),
        )


ARBZG = BreakRulePack(
    name="DE-ArbZG",
    thresholds=(
        BreakThreshold(6 * 60, 30, rule_ids.BREAKS_AFTER_SIX_HOURS),
        BreakThreshold(9 * 60, 45, rule_ids.BREAKS_AFTER_NINE_HOURS),
    ),
    min_block_min=15,
    max_work_without_break_min=6 * 60,
    max_work_day_min=10 * 60,
    min_rest_min=11 * 60,
    main_break_margin_min=(2 * 60, 2 * 60),
)


@dataclass(frozen=True)
class BreakItem:
    """One break a shift needs: key identifies it across candidate shifts of one agent-day."""

    key: str  # e.g. "main45", "short15_0"
    length: int  # intervals
    window: tuple[int, int]  # earliest/latest start offset in intervals after the shift start
    paid: bool
    rule_id: str


@lru_cache(maxsize=1024)
def break_items(pack: BreakRulePack, length_min: int, interval_min: int) -> tuple[BreakItem, ...] | None:
    """The breaks a shift of `length_min` needs under `pack`; None if no placement can be legal.

    Every combination of placements inside the windows must be legal (no overlap, no stretch of work
    above the pack's maximum), so the model needs no further constraint to guarantee the law.
    """
    items: list[BreakItem] = []
    short_total = 0
    for i, sb in enumerate(pack.short_breaks):
        if length_min >= sb.min_shift_min:
            items.append(
                BreakItem(
                    f"short{sb.length_min}_{i}",
                    sb.length_min // interval_min,
                    (sb.window_min[0] // interval_min, sb.window_min[1] // interval_min),
                    sb.paid,
                    rule_ids.BREAKS_COMPANY_SHORT,
                )
            )
            short_total += sb.length_min
    main_min = 0
    for extra in sorted({0} | {t.break_total_min - short_total for t in pack.thresholds if t.break_total_min > short_total}):
        if extra < 0:
            continue
        work = length_min - short_total - extra
        if pack.required_break_min(work) <= short_total + extra:
            main_min = extra
            break
    else:
        return None
    if main_min:
        main_min = max(main_min, pack.min_block_min)
        main_min = -(-main_min // interval_min) * interval_min
        rid = max((t for t in pack.thresholds if t.break_total_min <= short_total + main_min), key=lambda t: t.break_total_min).rule_id
        run = pack.max_work_without_break_min
        lo = max(pack.main_break_margin_min[0], length_min - main_min - run)
        hi = min(length_min - pack.main_break_margin_min[1] - main_min, run)
        if lo > hi:
            return None
        items.append(
            BreakItem(f"main{main_min}", main_min // interval_min, (-(-lo // interval_min), hi // interval_min), False, rid)
        )
    work_min = length_min - sum(it.length for it in items) * interval_min
    if work_min > pack.max_work_day_min:
        return None
    if not _all_placements_legal(pack, length_min // interval_min, items, interval_min):
        return None
    return tuple(items)


def _all_placements_legal(pack: BreakRulePack, length: int, items: list[BreakItem], interval_min: int) -> bool:
    """Every non-overlapping placement keeps each stretch of work within the pack's maximum."""
    max_run = pack.max_work_without_break_min // interval_min
    for it in items:
        if it.window[0] < 0 or it.window[1] + it.length > length:
            return False
    for starts in product(*[range(it.window[0], it.window[1] + 1) for it in items]):
        busy = [0] * length
        for it, s in zip(items, starts):
            for k in range(s, s + it.length):
                busy[k] += 1
        if any(b > 1 for b in busy):
            continue  # overlapping breaks are forbidden by the model itself
        run = 0
        for b in busy:
            run = 0 if b else run + 1
            if run > max_run:
                return False
    return True
