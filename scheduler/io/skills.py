"""skills file: which queues an agent may serve, with routing priority; upserted by (agent, queue)."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlmodel import Session, select

from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.validate import (
    Column, Int, Str, Table, duplicate_problem, lookup_problem, ok_rows, row_errors, validate,
)
from scheduler.storage.models import AgentSkill

COLUMNS = (
    Column("agent", Str(max_length=40)),
    Column("queue", Str()),
    Column("priority", Int(min=1)),
)


def import_skills(session: Session, table: Table) -> ImportResult:
    checked = validate(table, COLUMNS)
    errors = list(checked.errors)
    refs = load_references(session)
    frame = checked.frame
    for column, problem in (
        ("agent", lookup_problem("agent", list(refs.agent_ids), "agent")),
        ("queue", lookup_problem("queue", list(refs.queue_ids), "queue")),
        ("queue", duplicate_problem(["agent", "queue"], "skill")),
    ):
        frame, found = row_errors(table, frame, problem, column)
        errors += found
    frame = ok_rows(frame)
    rows = [{"agent_id": refs.agent_ids[agent], "queue_id": refs.queue_ids[queue], "priority": priority}
            for agent, queue, priority in frame.select("agent", "queue", "priority").iter_rows()]
    agent_ids = {row["agent_id"] for row in rows}
    stored = set()
    if agent_ids:
        stored = set(session.exec(select(AgentSkill.agent_id, AgentSkill.queue_id)
                                  .where(AgentSkill.agent_id.in_(agent_ids))).all())
    new = [row for row in rows if (row["agent_id"], row["queue_id"]) not in stored]
    existing = [row for row in rows if (row["agent_id"], row["queue_id"]) in stored]
    if new:
        session.execute(insert(AgentSkill), new)
    if existing:
        session.execute(update(AgentSkill), existing)
    return ImportResult(table.name, "skills", created=len(new), updated=len(existing), errors=errors)
