"""When a queue is worked: the union of the opening hours of the sites that serve it.

E-mail and back-office promises run on business hours (a 4-hour answer promise made at 23:00 is kept by
10:00 if the centre opens at 08:00), so staffing and evaluation of deferred queues need this mask; a
queue bound to a site follows that site, a pooled queue every site. A site without opening hours is
treated as always open. A special day of kind "closed" closes its site for that local date (a strike,
a move, a national day of mourning). Planning's site calendars come from `site_open_mask` too.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
from sqlmodel import Session, select

from scheduler.storage import models as m
from scheduler.timegrid import Grid, span_mask, to_local, weekly_local_spans

ALL_DAY = {weekday: [(0, 24 * 60)] for weekday in range(7)}

Weekly = dict[int, list[tuple[int, int]]]  # weekday -> local (opens_min, closes_min) windows


def weekly_hours(session: Session) -> dict[int, Weekly]:
    """Per site id, its weekly opening windows (a site missing here has none stored)."""
    hours: dict[int, Weekly] = defaultdict(lambda: defaultdict(list))
    for h in session.exec(select(m.OpeningHours)).all():
        hours[h.site_id][h.weekday].append((h.opens_min, h.closes_min))
    return dict(hours)


def closed_days(session: Session, site_id: int) -> frozenset[date]:
    rows = session.exec(select(m.SpecialDay).where(m.SpecialDay.site_id == site_id,
                                                   m.SpecialDay.kind == m.SpecialDayKind.CLOSED.value)).all()
    return frozenset(r.day for r in rows)


def site_open_mask(site: m.Site, weekly: Weekly | None, closed: frozenset[date], grid: Grid) -> np.ndarray | None:
    """Per interval of `grid`: True where the site is open; None when it is always open (no hours, no closures)."""
    if weekly is None and not closed:
        return None
    first = to_local(site.time_zone, grid.start_utc).date()
    days = (to_local(site.time_zone, grid.end_utc).date() - first).days + 1
    return span_mask(grid, list(weekly_local_spans(site.time_zone, first, days, weekly or ALL_DAY, closed)))


def queue_open_mask(session: Session, queue: m.Queue, grid: Grid) -> np.ndarray:
    """Per interval of `grid`: True where at least one site serving `queue` is open."""
    sites = session.exec(select(m.Site)).all()
    if queue.site_id is not None:
        sites = [s for s in sites if s.id == queue.site_id]
    if not sites:
        return np.ones(grid.n_intervals, dtype=bool)
    hours = weekly_hours(session)
    mask = np.zeros(grid.n_intervals, dtype=bool)
    for site in sites:
        site_mask = site_open_mask(site, hours.get(site.id), closed_days(session, site.id), grid)
        if site_mask is None:
            return np.ones(grid.n_intervals, dtype=bool)
        mask |= site_mask
    return mask
