"""When a queue is worked: the union of the opening hours of the sites that serve it.

E-mail and back-office promises run on business hours (a 4-hour answer promise made at 23:00 is kept by
10:00 if the centre opens at 08:00), so staffing and evaluation of deferred queues need this mask; a
queue bound to a site follows that site, a pooled queue every site. A site without opening hours is
treated as always open, as in planning, whose site calendars use the same span helpers.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from sqlmodel import Session, select

from scheduler.storage import models as m
from scheduler.timegrid import Grid, span_mask, to_local, weekly_local_spans


def queue_open_mask(session: Session, queue: m.Queue, grid: Grid) -> np.ndarray:
    """Per interval of `grid`: True where at least one site serving `queue` is open."""
    sites = session.exec(select(m.Site)).all()
    if queue.site_id is not None:
        sites = [s for s in sites if s.id == queue.site_id]
    hours: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for h in session.exec(select(m.OpeningHours)).all():
        hours[h.site_id][h.weekday].append((h.opens_min, h.closes_min))
    if not sites or any(site.id not in hours for site in sites):
        return np.ones(grid.n_intervals, dtype=bool)
    mask = np.zeros(grid.n_intervals, dtype=bool)
    for site in sites:
        first = to_local(site.time_zone, grid.start_utc).date()
        days = (to_local(site.time_zone, grid.end_utc).date() - first).days + 1
        mask |= span_mask(grid, list(weekly_local_spans(site.time_zone, first, days, hours[site.id])))
    return mask
