"""agents file: one row per agent, upserted by code."""

from __future__ import annotations

import polars as pl
from sqlalchemy import insert, update
from sqlmodel import Session

from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.validate import (
    Bool, Column, Enum, Str, Table, duplicate_problem, lookup_problem, ok_rows, row_errors, validate,
)
from scheduler.storage.models import Agent, Role

COLUMNS = (
    Column("code", Str(max_length=40)),
    Column("name", Str()),
    Column("email", Str(), required=False),
    Column("site", Str()),
    Column("team", Str(), required=False),
    Column("role", Enum(tuple(role.value for role in Role), "role")),
    Column("contract", Str()),
    Column("shift_rule", Str()),
    Column("active", Bool(), required=False, default=True),
)


def import_agents(session: Session, table: Table) -> ImportResult:
    checked = validate(table, COLUMNS)
    errors = list(checked.errors)
    refs = load_references(session)
    frame = checked.frame
    for column, problem in (
        ("code", duplicate_problem(["code"], "agent code")),
        ("email", pl.when(pl.col("email").is_null() | pl.col("email").str.contains(r"^[^@\s]+@[^@\s]+$"))
         .then(None).otherwise(pl.format("not an e-mail address: '{}'", pl.col("email")))),
        ("site", lookup_problem("site", list(refs.site_ids), "site")),
        ("team", lookup_problem("team", list(refs.team_ids), "team")),
        ("contract", lookup_problem("contract", list(refs.contract_ids), "contract")),
        ("shift_rule", lookup_problem("shift_rule", list(refs.shift_rule_ids), "shift rule")),
    ):
        frame, found = row_errors(table, frame, problem, column)
        errors += found
    site_names = {id_: name for name, id_ in refs.site_ids.items()}
    team_site = pl.col("team").replace_strict(refs.team_sites, default=None, return_dtype=pl.Int64)
    agent_site = pl.col("site").replace_strict(refs.site_ids, default=None, return_dtype=pl.Int64)
    frame, found = row_errors(table, frame, pl.when(pl.col("team").is_null() | (team_site == agent_site)).then(None)
                              .otherwise(pl.format("team '{}' belongs to site '{}', not '{}'", pl.col("team"),
                                                   team_site.replace_strict(site_names, default=None,
                                                                            return_dtype=pl.String),
                                                   pl.col("site"))), "team")
    errors += found
    frame = ok_rows(frame)
    rows = [
        {
            "code": row["code"], "name": row["name"], "email": row["email"],
            "site_id": refs.site_ids[row["site"]],
            "team_id": refs.team_ids[row["team"]] if row["team"] is not None else None,
            "role": row["role"], "contract_id": refs.contract_ids[row["contract"]],
            "shift_rule_id": refs.shift_rule_ids[row["shift_rule"]], "active": row["active"],
        }
        for row in frame.iter_rows(named=True)
    ]
    new = [row for row in rows if row["code"] not in refs.agent_ids]
    existing = [{**row, "id": refs.agent_ids[row["code"]]} for row in rows if row["code"] in refs.agent_ids]
    if new:
        session.execute(insert(Agent), new)
    if existing:
        session.execute(update(Agent), existing)
    return ImportResult(table.name, "agents", created=len(new), updated=len(existing), errors=errors)
