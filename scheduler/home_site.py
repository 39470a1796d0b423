"""The site on whose local days and clock a queue is forecast, staffed and shown."""

from __future__ import annotations

from collections.abc import Mapping

from scheduler.storage import models as m


def home_site(queue: m.Queue, sites: Mapping[int, m.Site]) -> m.Site:
    """The queue's own site; a pooled queue (served from every site) takes the first site's days.

    `sites` maps id to site in id order and is not empty."""
    return sites[queue.site_id] if queue.site_id is not None else next(iter(sites.values()))
