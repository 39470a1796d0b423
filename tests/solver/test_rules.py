from solver import rule_ids as R
from solver.rules import ARBZG, ShortBreak, break_items


def test_short_shift_needs_no_break():
    assert break_items(ARBZG, 6 * 60, 15) == ()


def test_more_than_six_hours_needs_thirty_minutes():
    (item,) = break_items(ARBZG, 8 * 60, 15)
    assert item.length * 15 == 30 and not item.paid and item.rule_id == R.BREAKS_AFTER_SIX_HOURS


def test_more_than_nine_hours_work_needs_forty_five_minutes():
    (item,) = break_items(ARBZG, 10 * 60, 15)
    assert item.length * 15 == 45 and item.rule_id == R.BREAKS_AFTER_NINE_HOURS


def test_eleven_hours_exceed_ten_hours_of_work():
    assert break_items(ARBZG, 11 * 60, 15) is None


def test_every_window_placement_keeps_six_hour_stretches():
    for length_min in (390, 480, 510, 570, 600, 645):
        items = break_items(ARBZG, length_min, 15)
        for it in items:
            assert it.window[0] * 15 <= 6 * 60
            assert length_min - (it.window[1] + it.length) * 15 <= 6 * 60


def test_company_short_break_counts_towards_the_legal_minutes():
    pack = ARBZG.with_short_breaks(ShortBreak(15, (90, 165), 5 * 60))
    items = break_items(pack, 8 * 60, 15)
    assert sorted((it.length * 15, it.paid) for it in items) == [(15, False), (15, True)]
