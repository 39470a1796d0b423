"""What imported rows may refer to: names and codes already in the session, resolved to ids and zones."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from scheduler.storage.models import Agent, Contract, Queue, ShiftRule, Site, Team


@dataclass(frozen=True)
class References:
    site_ids: dict[str, int]
    site_zones: dict[int, str]
    team_ids: dict[str, int]
    team_sites: dict[str, int]
    contract_ids: dict[str, int]
    shift_rule_ids: dict[str, int]
    queue_ids: dict[str, int]
    queue_sites: dict[str, int | None]
    agent_ids: dict[str, int]
    agent_sites: dict[str, int]

    def queue_zone(self, queue: str, fallback: str = "UTC") -> str:
        """The zone naive queue timestamps are read in: the queue's site, UTC for pooled queues."""
        site = self.queue_sites.get(queue)
        return self.site_zones[site] if site is not None else fallback

    def agent_zone(self, code: str) -> str:
        return self.site_zones[self.agent_sites[code]]


def load_references(session: Session) -> References:
    """Read after a flush, so entities added earlier in the same transaction are found."""
    session.flush()
    sites = session.exec(select(Site.id, Site.name, Site.time_zone)).all()
    teams = session.exec(select(Team.name, Team.id, Team.site_id)).all()
    queues = session.exec(select(Queue.name, Queue.id, Queue.site_id)).all()
    agents = session.exec(select(Agent.code, Agent.id, Agent.site_id)).all()
    return References(
        site_ids={name: id_ for id_, name, _ in sites},
        site_zones={id_: zone for id_, _, zone in sites},
        team_ids={name: id_ for name, id_, _ in teams},
        team_sites={name: site for name, _, site in teams},
        contract_ids=dict(session.exec(select(Contract.name, Contract.id)).all()),
        shift_rule_ids=dict(session.exec(select(ShiftRule.name, ShiftRule.id)).all()),
        queue_ids={name: id_ for name, id_, _ in queues},
        queue_sites={name: site for name, _, site in queues},
        agent_ids={code: id_ for code, id_, _ in agents},
        agent_sites={code: site for code, _, site in agents},
    )
