"""A whole centre: `centre.toml` (sites, contracts, shift rules, queues, teams, special days, activities) plus
the agents/skills/availability/preferences/history files, loaded in dependency order in one transaction.

Everything is validated and every problem collected before the caller commits; any problem and the
caller's `session_scope` rolls the whole centre back. TOML problems name the file, the entry and the field:
`centre.toml: queue 'German voice': sl_target_pct: must be <= 100, got 120`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, select

from scheduler.io.agents import import_agents
from scheduler.io.availability import import_availability
from scheduler.io.errors import InputError, InputErrors
from scheduler.io.history import import_history
from scheduler.io.local_time import local_to_utc, valid_zone
from scheduler.io.preferences import import_preferences
from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.skills import import_skills
from scheduler.io.validate import WEEKDAYS, Table, UnreadableFile, read_table
from scheduler.storage import models as m

CONFIG = "centre.toml"
FILES: tuple[tuple[str, Callable[[Session, Table], ImportResult]], ...] = (
    ("agents", import_agents), ("skills", import_skills), ("availability", import_availability),
    ("preferences", import_preferences), ("history", import_history),
)
TABLES = ("centre", "site", "contract", "shift_rule", "queue", "team", "special_day", "activity")


@dataclass(frozen=True)
class CentreSource:
    """A centre in memory: the parsed TOML document and the tables by entity (`agents`, `history`, ...)."""

    config: dict[str, Any]
    tables: dict[str, Table]
    config_name: str = CONFIG


@dataclass(frozen=True)
class CentreCounts:
    """Rows stored (new or updated) per entity."""

    sites: int = 0
    contracts: int = 0
    shift_rules: int = 0
    queues: int = 0
    teams: int = 0
    special_days: int = 0
    agents: int = 0
    skills: int = 0
    availability: int = 0
    preferences: int = 0
    history_intervals: int = 0
    activities: int = 0

    def describe(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name.replace('_', ' ')}" for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class CentreLoadSummary:
    name: str
    plan_start: date | None
    counts: CentreCounts
    results: list[ImportResult] = field(default_factory=list)

    def describe(self) -> str:
        return self.counts.describe()


def read_centre_folder(folder: Path) -> CentreSource:
    """Read `centre.toml` and whichever conventional files exist (`agents.csv` or `agents.parquet`, ...)."""
    errors: list[InputError] = []
    config_path = folder / CONFIG
    config: dict[str, Any] = {}
    if not folder.is_dir():
        raise InputErrors([InputError(str(folder), None, "", "not a folder")])
    if not config_path.is_file():
        errors.append(InputError(CONFIG, None, "", f"missing: a centre folder needs {config_path}"))
    else:
        try:
            config = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            errors.append(InputError(CONFIG, None, "", f"invalid TOML: {exc}"))
    tables: dict[str, Table] = {}
    for entity, _ in FILES:
        found = [path for path in (folder / f"{entity}.csv", folder / f"{entity}.parquet") if path.is_file()]
        if len(found) > 1:
            errors.append(InputError(found[0].name, None, "", f"both {found[0].name} and {found[1].name} exist"))
            continue
        if found:
            try:
                tables[entity] = read_table(found[0])
            except UnreadableFile as exc:
                errors.append(exc.error)
    if errors:
        raise InputErrors(errors)
    return CentreSource(config, tables)


def load_centre(session: Session, source: CentreSource, *, history_time_zone: str | None = None) -> CentreLoadSummary:
    """Store everything; raises `InputErrors` with every problem found (the caller's transaction rolls back)."""
    toml = _TomlReader(source.config_name)
    config = source.config
    for key in config:
        if key not in TABLES:
            toml.errors.append(InputError(source.config_name, None, key,
                                          f"unknown table (known: {', '.join(TABLES)})"))
    centre = toml.entry("centre", 0, config.get("centre", {}), {"name": _Str(required=False),
                                                                "plan_start": _Date(required=False),
                                                                "generated_by": _Str(required=False)})
    counts: dict[str, int] = {}
    sites = _load_sites(session, toml, config.get("site", []))
    counts["sites"] = len(sites)
    counts["contracts"] = _load_named(session, toml, config.get("contract", []), "contract", m.Contract, _CONTRACT)
    counts["shift_rules"] = _load_named(session, toml, config.get("shift_rule", []), "shift_rule", m.ShiftRule,
                                        _SHIFT_RULE)
    site_ids = {site.name: site.id for site in session.exec(select(m.Site)).all()}
    counts["queues"] = _load_named(session, toml, config.get("queue", []), "queue", m.Queue, _QUEUE,
                                   site_ids=site_ids)
    counts["teams"] = _load_named(session, toml, config.get("team", []), "team", m.Team, _TEAM, site_ids=site_ids)
    counts["special_days"] = _load_special_days(session, toml, config.get("special_day", []), site_ids)
    results: list[ImportResult] = []
    for entity, importer in FILES:
        table = source.tables.get(entity)
        if table is None:
            continue
        if entity == "history":
            result = import_history(session, table, time_zone=history_time_zone)
        else:
            result = importer(session, table)
        results.append(result)
        counts[entity if entity != "history" else "history_intervals"] = result.created + result.updated
    counts["activities"] = _load_activities(session, toml, config.get("activity", []))
    errors = list(toml.errors) + [error for result in results for error in result.errors]
    if errors:
        raise InputErrors(errors)
    session.flush()
    return CentreLoadSummary(centre.get("name") or "", centre.get("plan_start"), CentreCounts(**counts), results)


# ------------------------------------------------------------------------------------ TOML field kinds

@dataclass(frozen=True)
class _Field:
    required: bool = True
    min: float | None = None
    max: float | None = None
    target: str | None = None  # model attribute when it differs from the key

    def convert(self, value: Any) -> Any:
        raise NotImplementedError

    def check_range(self, value: Any) -> str | None:
        if self.min is not None and value < self.min:
            return f"must be >= {self.min}, got {value}"
        if self.max is not None and value > self.max:
            return f"must be <= {self.max}, got {value}"
        return None


class _Str(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"expected non-empty text, got {value!r}")
        return value.strip()


class _Int(_Field):
    def convert(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value


class _Float(_Field):
    def convert(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return float(value)


class _Bool(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value


class _Date(_Field):
    def convert(self, value: Any) -> Any:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise ValueError(f"expected a date like 2026-12-24, got {value!r}")
        return value


class _DateTime(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, datetime):
            raise ValueError(f"expected a date-time like 2026-12-01T09:00, got {value!r}")
        return value


@dataclass(frozen=True)
class _Choice(_Field):
    choices: tuple[str, ...] = ()

    def convert(self, value: Any) -> Any:
        if value not in self.choices:
            raise ValueError(f"unknown value {value!r} (known: {', '.join(self.choices)})")
        return value


class _ClockTime(_Field):
    """"HH:MM" (or a TOML local time) as minutes since midnight."""

    def convert(self, value: Any) -> Any:
        if isinstance(value, time):
            return value.hour * 60 + value.minute
        if isinstance(value, str) and len(value.split(":")) == 2 and all(p.isdigit() for p in value.split(":")):
            hours, minutes = (int(part) for part in value.split(":"))
            if minutes < 60 and hours * 60 + minutes <= 1440:
                return hours * 60 + minutes
        raise ValueError(f"expected a time \"HH:MM\", got {value!r}")


class _IntList(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, list) or not value or not all(
                isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value):
            raise ValueError(f"expected a non-empty list of positive whole numbers, got {value!r}")
        return value


class _StrList(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(f"expected a list of texts, got {value!r}")
        return value


class _Zone(_Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or not valid_zone(value):
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Europe/Berlin)")
        return value


class _Hours(_Field):
    """{ Mon = "08:00-20:00", ... }; a missing or "closed" weekday is closed."""

    def convert(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("expected a table like { Mon = \"08:00-20:00\", Sat = \"09:00-14:00\" }")
        spans: dict[int, tuple[int, int]] = {}
        for key, span in value.items():
            if key not in WEEKDAYS:
                raise ValueError(f"unknown weekday {key!r} (known: {', '.join(WEEKDAYS)})")
            if span == "closed":
                continue
            parts = span.split("-") if isinstance(span, str) else []
            if len(parts) != 2:
                raise ValueError(f"{key}: expected \"HH:MM-HH:MM\" or \"closed\", got {span!r}")
            opens, closes = (_ClockTime().convert(part.strip()) for part in parts)
            if closes <= opens:
                closes += 1440
            spans[WEEKDAYS.index(key)] = (opens, closes)
        return spans


class _TomlReader:
    def __init__(self, file: str):
        self.file = file
        self.errors: list[InputError] = []

    def entry(self, table: str, index: int, entry: Any, fields: dict[str, _Field]) -> dict[str, Any]:
        """The converted fields of one entry (absent optional fields left out); problems collected."""
        label = f"{table} #{index + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label = f"{table} '{entry['name']}'"
        if not isinstance(entry, dict):
            self.errors.append(InputError(self.file, None, label, "expected a table"))
            return {}
        values: dict[str, Any] = {}
        for key in entry:
            if key not in fields:
                self.errors.append(InputError(self.file, None, f"{label}: {key}",
                                              f"unknown field (known: {', '.join(fields)})"))
        for key, spec in fields.items():
            if key not in entry:
                if spec.required:
                    self.errors.append(InputError(self.file, None, f"{label}: {key}", "missing required field"))
                continue
            try:
                value = spec.convert(entry[key])
                problem = spec.check_range(value) if isinstance(value, int | float) else None
            except ValueError as exc:
                problem = str(exc)
            if problem:
                self.errors.append(InputError(self.file, None, f"{label}: {key}", problem))
            else:
                values[spec.target or key] = value
        return values

    def problem(self, table: str, entry: dict[str, Any], index: int, key: str, message: str) -> None:
        label = f"{table} '{entry['name']}'" if isinstance(entry.get("name"), str) else f"{table} #{index + 1}"
        self.errors.append(InputError(self.file, None, f"{label}: {key}", message))


def _entries(toml: _TomlReader, table: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        toml.errors.append(InputError(toml.file, None, table, f"expected an array of tables [[{table}]]"))
        return []
    return value


_SITE = {"name": _Str(), "time_zone": _Zone(), "country": _Str(required=False), "opening_hours": _Hours()}
_CONTRACT = {
    "name": _Str(), "min_week_min": _Int(required=False, min=0), "max_week_min": _Int(min=0),
    "max_day_min": _Int(required=False, min=1), "max_days_per_week": _Int(required=False, min=0, max=7),
    "min_rest_min": _Int(required=False, min=0), "max_consecutive_days": _Int(required=False, min=1),
    "labour_rules": _Str(required=False),
}
_SHIFT_RULE = {
    "name": _Str(), "earliest_start": _ClockTime(target="earliest_start_min", max=1439),
    "latest_start": _ClockTime(target="latest_start_min", max=1439), "start_step_min": _Int(required=False, min=1),
    "allowed_lengths_min": _IntList(), "short_break_min": _Int(required=False, min=0),
    "short_break_from_min": _Int(required=False, min=0), "short_break_to_min": _Int(required=False, min=0),
}
_QUEUE = {
    "name": _Str(), "channel": _Choice(choices=tuple(channel.value for channel in m.Channel)),
    "site": _Str(required=False, target="site_id"),
    "sl_target_pct": _Float(required=False, min=0, max=100), "sl_target_s": _Int(required=False, min=0),
    "max_occupancy": _Float(required=False, min=0.01, max=1), "mean_patience_s": _Float(required=False, min=1),
    "chat_concurrency": _Int(required=False, min=1), "response_deadline_min": _Int(required=False, min=1),
    "outbound_week_min": _Int(required=False, min=0), "shrinkage": _Float(required=False, min=0, max=0.99),
    "priority": _Int(required=False, min=1),
}
_TEAM = {"name": _Str(), "site": _Str(target="site_id")}
_SPECIAL_DAY = {
    "site": _Str(), "day": _Date(), "kind": _Choice(choices=tuple(kind.value for kind in m.SpecialDayKind)),
    "name": _Str(required=False), "factor": _Float(required=False, min=0), "reference_day": _Date(required=False),
}
_ACTIVITY = {
    "name": _Str(), "kind": _Choice(choices=tuple(kind.value for kind in m.ActivityKind)),
    "duration_min": _Int(min=1), "window_start": _DateTime(), "window_end": _DateTime(),
    "site": _Str(required=False), "team": _Str(required=False), "recurs_weekly": _Bool(required=False),
    "participants": _StrList(required=False),
}


def _load_sites(session: Session, toml: _TomlReader, entries: Any) -> list[m.Site]:
    stored = {site.name: site for site in session.exec(select(m.Site)).all()}
    sites = []
    for index, entry in enumerate(_entries(toml, "site", entries)):
        values = toml.entry("site", index, entry, _SITE)
        if "name" not in values or "time_zone" not in values:
            continue
        hours = values.pop("opening_hours", None)
        site = stored.get(values["name"]) or m.Site(**values)
        for key, value in values.items():
            setattr(site, key, value)
        session.add(site)
        session.flush()
        if hours is not None:
            session.execute(delete(m.OpeningHours).where(m.OpeningHours.site_id == site.id))
            session.add_all(m.OpeningHours(site_id=site.id, weekday=day, opens_min=opens, closes_min=closes)
                            for day, (opens, closes) in sorted(hours.items()))
        sites.append(site)
    return sites


def _load_named(session: Session, toml: _TomlReader, entries: Any, table: str, model: type, fields: dict[str, _Field],
                *, site_ids: dict[str, int] | None = None) -> int:
    """Upsert entries by name; `site` fields resolve to ids (a queue without a site is pooled)."""
    stored = {row.name: row for row in session.exec(select(model)).all()}
    count = 0
    for index, entry in enumerate(_entries(toml, table, entries)):
        values = toml.entry(table, index, entry, fields)
        if "site_id" in values:
            if values["site_id"] not in (site_ids or {}):
                toml.problem(table, entry, index, "site",
                             f"unknown site {values['site_id']!r} (known: {', '.join(sorted(site_ids or {}))})")
                continue
            values["site_id"] = site_ids[values["site_id"]]
        if "name" not in values or any(spec.required and (spec.target or key) not in values
                                       for key, spec in fields.items()):
            continue
        if table == "shift_rule" and values["latest_start_min"] < values["earliest_start_min"]:
            toml.problem(table, entry, index, "latest_start", "must not be before earliest_start")
            continue
        if table == "contract" and values.get("min_week_min", 0) > values["max_week_min"]:
            toml.problem(table, entry, index, "min_week_min", "must not exceed max_week_min")
            continue
        row = stored.get(values["name"])
        if row is None:
            row = model(**values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        session.add(row)
        count += 1
    session.flush()
    return count


def _load_special_days(session: Session, toml: _TomlReader, entries: Any, site_ids: dict[str, int]) -> int:
    """Special days replace those of the sites they name."""
    rows = []
    for index, entry in enumerate(_entries(toml, "special_day", entries)):
        values = toml.entry("special_day", index, entry, _SPECIAL_DAY)
        if "site" in values and values["site"] not in site_ids:
            toml.problem("special_day", entry, index, "site", f"unknown site {values['site']!r}")
            continue
        if len(values) < 3 or not all(key in values for key in ("site", "day", "kind")):
            continue
        values["site_id"] = site_ids[values.pop("site")]
        rows.append(m.SpecialDay(**values))
    for site_id in sorted({row.site_id for row in rows}):
        session.execute(delete(m.SpecialDay).where(m.SpecialDay.site_id == site_id))
    session.add_all(rows)
    session.flush()
    return len(rows)


def _load_activities(session: Session, toml: _TomlReader, entries: Any) -> int:
    """Activities upsert by name; their participants are replaced. Local window times are read in the zone
    of `site`, else of the team's site."""
    refs = load_references(session)
    stored = {row.name: row for row in session.exec(select(m.Activity)).all()}
    count = 0
    for index, entry in enumerate(_entries(toml, "activity", entries)):
        values = toml.entry("activity", index, entry, _ACTIVITY)
        if not all(key in values for key in ("name", "kind", "duration_min", "window_start", "window_end")):
            continue
        site, team = values.pop("site", None), values.pop("team", None)
        participants = values.pop("participants", [])
        problems = []
        if site is not None and site not in refs.site_ids:
            problems.append(("site", f"unknown site {site!r}"))
        if team is not None and team not in refs.team_ids:
            problems.append(("team", f"unknown team {team!r}"))
        problems += [("participants", f"unknown agent {code!r}") for code in participants if code not in refs.agent_ids]
        site_id = refs.site_ids.get(site) if site else refs.team_sites.get(team) if team else None
        starts = []
        for key in ("window_start", "window_end"):
            value = values.pop(key)
            if value.tzinfo is not None:
                starts.append(value.astimezone(timezone.utc))
            elif site_id is None:
                problems.append((key, "a local date-time needs `site` or `team` for its time zone (or add an offset)"))
            else:
                starts.append(local_to_utc(value.date(), value.hour * 60 + value.minute, refs.site_zones[site_id]))
        if len(starts) == 2 and starts[1] - starts[0] < _minutes(values["duration_min"]):
            problems.append(("window_end", f"the window is shorter than duration_min {values['duration_min']}"))
        for key, message in problems:
            toml.problem("activity", entry, index, key, message)
        if problems:
            continue
        activity = stored.get(values["name"]) or m.Activity(window_start_utc=starts[0], window_end_utc=starts[1],
                                                             **values)
        for key, value in values.items():
            setattr(activity, key, value)
        activity.window_start_utc, activity.window_end_utc = starts
        activity.team_id = refs.team_ids[team] if team else None
        session.add(activity)
        session.flush()
        session.execute(delete(m.ActivityParticipant).where(m.ActivityParticipant.activity_id == activity.id))
        session.add_all(m.ActivityParticipant(activity_id=activity.id, agent_id=refs.agent_ids[code])
                        for code in dict.fromkeys(participants))
        count += 1
    session.flush()
    return count


def _minutes(count: int) -> timedelta:
    return timedelta(minutes=count)
