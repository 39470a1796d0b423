"""When a queue is worked: the union of the opening hours of the sites that serve it.

E-mail and back-office promises run on business hours (a 4-hour answer promise made at 23:00 is kept by
10:00 if the centre opens at 08:00), so staffing and evaluation of deferred queues need this mask; a
queue bound to a site follows that site, a pooled queue every site. A site without opening hours is
treated as always open, as in planning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from sqlmodel import Session, select

from scheduler.storage import models as m
from scheduler.timegrid import to_local


def _site_open(zone: str, windows: dict[int, list[tuple[int, int]]], instants: Sequence[datetime]) -> np.ndarray:
    out = np.zeros(len(instants), dtype=bool)
    for i, instant in enumerate(instants):
        local = to_local(zone, instant)
        minute = local.hour * 60 + local.minute
        weekday = local.weekday()
        today = any(opens <= minute < closes for opens, closes in windows.get(weekday, ()))
        # a span of yesterday that runs past midnight
        late = any(closes > 1440 and minute + 1440 < closes for _, closes in windows.get((weekday - 1) % 7, ()))
        out[i] = today or late
    return out


def queue_open_mask(session: Session, queue: m.Queue, instants: Sequence[datetime]) -> np.ndarray:
    """True where at least one site serving `queue` is open at the interval starting at each instant."""
    sites = session.exec(select(m.Site)).all()
    if queue.site_id is not None:
        sites = [s for s in sites if s.id == queue.site_id]
    if not sites:
        return np.ones(len(instants), dtype=bool)
    hours: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for h in session.exec(select(m.OpeningHours)).all():
        hours[h.site_id][h.weekday].append((h.opens_min, h.closes_min))
    mask = np.zeros(len(instants), dtype=bool)
    for site in sites:
        if site.id not in hours:
            return np.ones(len(instants), dtype=bool)
        mask |= _site_open(site.time_zone, hours[site.id], instants)
    return mask
