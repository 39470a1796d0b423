"""Seeded synthetic contact centres of any size, realistic enough to judge the product by.

The same settings give the same centre, frame for frame. A generated centre is held in the centre folder
format itself (a `centre.toml` document plus agents/skills/availability/preferences/history frames), so
`--out` writes exactly what `scheduler import centre` reads and `--db` stores it through the very same
validated loader.

Queue sizing (an Erlang-free rough cut, so the demand fits the agents generated):

    peak workload of queue q (Erlangs) = peak_calls_q * aht_q / interval_s / concurrency_q
    sum over queues of peak workload / (1 - SHRINKAGE) = PEAK_AGENT_SHARE * agents

with SHRINKAGE = 0.15 and PEAK_AGENT_SHARE = 0.42: at the busiest Monday interval of every queue the centre
needs about 42 % of its head count (the rest are off, part-time or on other shifts). Shrinkage is the
unplanned part only (absence, sickness, system time): breaks, training and coaching are planned by the
solver itself. Each queue gets a
share of that workload (German voice the most); agents are given primary skills in the same proportions
(each agent's primary queue is the queue they can serve whose unmet share is largest relative to the
agents left who could serve it). With one or two
sites German voice and the outbound campaign sit in the first site and Dutch voice in the second; with
more sites the five main queues are pooled across sites, and extra voice queues go to the site that speaks
their language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from scheduler.io.centre import CONFIG, CentreSource
from scheduler.io.synthetic_history import QueueDemand, first_last_utc, holiday_dates, queue_history
from scheduler.io.synthetic_names import email_for, pick_name
from scheduler.io.toml_writer import dumps
from scheduler.io.validate import WEEKDAYS, Table

SHRINKAGE = 0.15
PEAK_AGENT_SHARE = 0.42
INTERVAL_S = 900
SPECIAL_DAY_WEEKS_AHEAD = 12
PLAN_WEEKS_WITH_EXCEPTIONS = 8


@dataclass(frozen=True)
class SiteSpec:
    name: str
    time_zone: str
    country: str
    subdivision: str | None
    code: str
    language: str


SITES = (
    SiteSpec("Münster", "Europe/Berlin", "DE", "NW", "MS", "de"),
    SiteSpec("Lisbon", "Europe/Lisbon", "PT", None, "LX", "pt"),
    SiteSpec("Kraków", "Europe/Warsaw", "PL", None, "KR", "pl"),
    SiteSpec("Dublin", "Europe/Dublin", "IE", None, "DB", "en"),
    SiteSpec("Athens", "Europe/Athens", "GR", None, "AT", "el"),
    SiteSpec("Helsinki", "Europe/Helsinki", "FI", None, "HE", "fi"),
    SiteSpec("Barcelona", "Europe/Madrid", "ES", "CT", "BC", "es"),
    SiteSpec("Bucharest", "Europe/Bucharest", "RO", None, "BU", "ro"),
    SiteSpec("Tallinn", "Europe/Tallinn", "EE", None, "TL", "et"),
    SiteSpec("Sofia", "Europe/Sofia", "BG", None, "SO", "bg"),
)


@dataclass(frozen=True)
class QueueSpec:
    name: str
    channel: str
    language: str
    aht_s: float
    workload_share: float
    home_site: int | None  # index into the generated sites; None = pooled


BASE_QUEUES = (
    QueueSpec("German voice", "voice", "de", 300.0, 0.34, 0),
    QueueSpec("Dutch voice", "voice", "nl", 330.0, 0.14, 1),
    QueueSpec("Chat", "chat", "de", 480.0, 0.2, None),
    QueueSpec("E-mail", "email", "de", 420.0, 0.16, None),
    QueueSpec("Outbound survey", "outbound", "de", 240.0, 0.12, 0),
)
EXTRA_QUEUES = (
    ("French voice", "voice", "fr", 310.0), ("English voice", "voice", "en", 280.0),
    ("Portuguese voice", "voice", "pt", 300.0), ("Polish voice", "voice", "pl", 300.0),
    ("Spanish voice", "voice", "es", 300.0), ("Dutch chat", "chat", "nl", 480.0),
    ("English e-mail", "email", "en", 420.0), ("Italian voice", "voice", "it", 320.0),
)
CHANNEL_SETTINGS: dict[str, dict[str, Any]] = {
    "voice": {"sl_target_pct": 80.0, "sl_target_s": 20, "max_occupancy": 0.85, "mean_patience_s": 120.0},
    "chat": {"sl_target_pct": 80.0, "sl_target_s": 60, "max_occupancy": 0.85, "chat_concurrency": 2},
    "email": {"sl_target_pct": 90.0, "sl_target_s": 0, "max_occupancy": 0.95, "response_deadline_min": 240},
    "outbound": {"sl_target_pct": 0.0, "sl_target_s": 0, "max_occupancy": 0.9},
}
CONTRACTS = (
    {"name": "full_time_40", "min_week_min": 2280, "max_week_min": 2400, "max_day_min": 600, "max_days_per_week": 5},
    {"name": "full_time_38", "min_week_min": 2160, "max_week_min": 2280, "max_day_min": 600, "max_days_per_week": 5},
    {"name": "part_time_30", "min_week_min": 1620, "max_week_min": 1800, "max_day_min": 480, "max_days_per_week": 5},
    {"name": "part_time_20", "min_week_min": 1080, "max_week_min": 1200, "max_day_min": 360, "max_days_per_week": 4},
    {"name": "student_12", "min_week_min": 480, "max_week_min": 960, "max_day_min": 360, "max_days_per_week": 3},
)
CONTRACT_MIX = (("full_time_40", 0.35), ("full_time_38", 0.2), ("part_time_30", 0.15), ("part_time_20", 0.15),
                ("student_12", 0.15))
SHIFT_RULES = (
    {"name": "full_day", "earliest_start": "06:00", "latest_start": "14:00", "start_step_min": 15,
     "allowed_lengths_min": [450, 480, 510, 540, 570], "short_break_min": 15},
    {"name": "part_day", "earliest_start": "07:00", "latest_start": "17:00", "start_step_min": 15,
     "allowed_lengths_min": [240, 300, 360, 420], "short_break_min": 15},
    {"name": "student", "earliest_start": "08:00", "latest_start": "18:00", "start_step_min": 30,
     "allowed_lengths_min": [240, 300, 360], "short_break_min": 0},
)
SHIFT_RULE_OF = {"full_time_40": "full_day", "full_time_38": "full_day", "part_time_30": "part_day",
                 "part_time_20": "part_day", "student_12": "student"}
TEAM_SIZE = 11


@dataclass(frozen=True)
class GeneratorSettings:
    agents: int = 80
    queues: int = 5
    sites: int = 2
    weeks: int = 16
    seed: int = 2026
    start: date = date(2026, 11, 30)

    def __post_init__(self) -> None:
        for name in ("agents", "queues", "sites", "weeks"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name} must be at least 1, got {getattr(self, name)}")
        if self.start.weekday() != 0:
            raise ValueError(f"--start must be a Monday, got {self.start} ({self.start:%A})")

    def command(self) -> str:
        return (f"scheduler generate --agents {self.agents} --queues {self.queues} --sites {self.sites} "
                f"--weeks {self.weeks} --seed {self.seed} --start {self.start.isoformat()}")


DEMO = GeneratorSettings(agents=80, queues=5, sites=2, weeks=16, seed=2026, start=date(2026, 11, 30))


@dataclass(frozen=True)
class GeneratedCentre:
    """A centre in the folder format: the `centre.toml` document and one frame per file."""

    settings: GeneratorSettings
    config: dict[str, Any]
    agents: pl.DataFrame
    skills: pl.DataFrame
    availability: pl.DataFrame
    preferences: pl.DataFrame
    history: pl.DataFrame

    FILES = (("agents", "csv"), ("skills", "csv"), ("availability", "csv"), ("preferences", "csv"),
             ("history", "parquet"))

    def source(self) -> CentreSource:
        tables = {}
        for entity, extension in self.FILES:
            frame = getattr(self, entity)
            if extension == "csv":
                tables[entity] = Table(f"{entity}.csv", frame, first_row=2, header_row=1)
            else:
                tables[entity] = Table(f"{entity}.parquet", frame, first_row=1, header_row=None)
        return CentreSource(self.config, tables)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        header = (f"Synthetic contact centre, generated by:\n  {self.settings.command()}\n"
                  "Local times are in each site's zone; see 'Data formats' in README.md for every field.")
        paths = [folder / CONFIG]
        paths[0].write_text(dumps(self.config, header), encoding="utf-8")
        for entity, extension in self.FILES:
            path = folder / f"{entity}.{extension}"
            frame = getattr(self, entity)
            if extension == "csv":
                frame.write_csv(path)
            else:
                frame.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
            paths.append(path)
        return paths


# ------------------------------------------------------------------------------------------ structure

def site_specs(count: int) -> list[SiteSpec]:
    sites = []
    for index in range(count):
        base = SITES[index % len(SITES)]
        round_ = index // len(SITES)
        if round_:
            base = SiteSpec(f"{base.name} {round_ + 1}", base.time_zone, base.country, base.subdivision,
                            f"{base.code}{round_ + 1}", base.language)
        sites.append(base)
    return sites


def _opening(index: int) -> dict[int, tuple[int, int]]:
    """Weekdays 07:00-22:00 (every other site 08:00-21:00), Saturday 08:00-18:00; odd sites open Sundays."""
    weekday = (420, 1320) if index % 2 == 0 else (480, 1260)
    hours = {day: weekday for day in range(5)}
    hours[5] = (480, 1080)
    if index % 2 == 1:
        hours[6] = (600, 960)
    return hours


def queue_specs(count: int, sites: list[SiteSpec]) -> list[QueueSpec]:
    queues = list(BASE_QUEUES[:count])
    for index in range(max(0, count - len(BASE_QUEUES))):
        name, channel, language, aht = EXTRA_QUEUES[index % len(EXTRA_QUEUES)]
        round_ = index // len(EXTRA_QUEUES)
        name = f"{name} {round_ + 1}" if round_ else name
        home = next((position for position, site in enumerate(sites) if site.language == language), None)
        queues.append(QueueSpec(name, channel, language, aht, 0.1, home if channel == "voice" else None))
    total = sum(queue.workload_share for queue in queues)
    resolved = []
    for queue in queues:
        home = queue.home_site
        if home is not None and home >= len(sites):
            home = 0  # Dutch voice of a one-site centre sits with everyone else
        if len(sites) > 2 and queue in BASE_QUEUES:
            home = None  # a larger centre routes its main queues across all sites (a virtual centre)
        resolved.append(QueueSpec(queue.name, queue.channel, queue.language, queue.aht_s,
                                  queue.workload_share / total, home))
    return resolved


def peak_calls(queue: QueueSpec, agents: int) -> float:
    """Expected contacts in the busiest interval so that all queues together need PEAK_AGENT_SHARE of the agents."""
    workload = queue.workload_share * PEAK_AGENT_SHARE * agents * (1.0 - SHRINKAGE)
    concurrency = CHANNEL_SETTINGS.get(queue.channel, {}).get("chat_concurrency", 1)
    return workload * INTERVAL_S * concurrency / queue.aht_s


def peak_workload_share(centre: GeneratedCentre) -> float:
    """The sizing check: sum of per-queue peak workloads / (1 - shrinkage), as a share of the agents."""
    total = 0.0
    queues = {queue["name"]: queue for queue in centre.config["queue"]}
    for (name,), frame in centre.history.group_by(["queue"]):
        queue = queues[name]
        aht = float(frame.filter(pl.col("handled") > 0).select((pl.col("aht_s") * pl.col("handled")).sum()
                                                               / pl.col("handled").sum()).item())
        frame = frame.with_columns(weekday=pl.col("timestamp").dt.weekday())
        mondays = frame.filter(pl.col("weekday") == 1)
        by_slot = mondays.group_by(pl.col("timestamp").dt.time()).agg(pl.col("offered").mean())
        peak = float(by_slot.get_column("offered").max())
        total += peak * aht / INTERVAL_S / queue.get("chat_concurrency", 1)
    return total / (1.0 - SHRINKAGE) / centre.agents.height


# ---------------------------------------------------------------------------------------------- people

def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _people(settings: GeneratorSettings, sites: list[SiteSpec], queues: list[QueueSpec],
            rng: np.random.Generator) -> tuple[list[dict], list[dict], list[dict], list[dict], list[dict]]:
    """Agents, teams, skills, availability and preferences."""
    site_weights = np.array([3.0 if index == 0 else 2.0 for index in range(len(sites))])
    site_of = np.sort(rng.choice(len(sites), size=settings.agents, p=site_weights / site_weights.sum()))
    contract_names = [name for name, _ in CONTRACT_MIX]
    contract_p = np.array([share for _, share in CONTRACT_MIX])
    agents, teams, skills, availability, preferences = [], [], [], [], []
    assigned = np.zeros(len(queues))
    eligible_by_site = [[position for position, queue in enumerate(queues)
                         if queue.home_site is None or queue.home_site == site_index] or list(range(len(queues)))
                        for site_index in range(len(sites))]
    # agents still to be assigned who could take each queue: site-bound queues have the scarcer supply
    supply = np.zeros(len(queues))
    for site_index, eligible in enumerate(eligible_by_site):
        supply[eligible] += (site_of == site_index).sum()
    target = np.array([queue.workload_share for queue in queues]) * settings.agents
    plan_days = PLAN_WEEKS_WITH_EXCEPTIONS * 7
    for site_index, site in enumerate(sites):
        members = int((site_of == site_index).sum())
        if members == 0:
            continue
        team_count = max(1, round(members / TEAM_SIZE))
        team_of = np.arange(members) % team_count
        for team in range(team_count):
            teams.append({"name": f"{site.name} Team {team + 1}", "site": site.name})
        has_lead = set()
        eligible = eligible_by_site[site_index]
        for number in range(1, members + 1):
            code = f"{site.code}-{number:03d}"
            name = pick_name(rng, site.language)
            contract = contract_names[int(rng.choice(len(contract_names), p=contract_p))]
            team_index = int(team_of[number - 1])
            team_name = f"{site.name} Team {team_index + 1}"
            if team_index not in has_lead and contract.startswith("full_time"):
                role = "team_lead"
                has_lead.add(team_index)
            else:
                role = "trainee" if rng.random() < 0.05 else "agent"
            agents.append({"code": code, "name": name, "email": email_for(name, code), "site": site.name,
                           "team": team_name, "role": role, "contract": contract,
                           "shift_rule": SHIFT_RULE_OF[contract], "active": "true"})
            # primary skill: the queue whose unmet share is largest relative to the agents left who could
            # take it (greedy, so site-bound queues are not starved by pooled ones)
            urgency = np.array([(target[q] - assigned[q]) / max(supply[q], 1.0) for q in eligible])
            primary = eligible[int(np.argmax(urgency + rng.random(len(eligible)) * 0.01))]
            assigned[primary] += 1
            supply[eligible] -= 1
            skills.append({"agent": code, "queue": queues[primary].name, "priority": "1"})
            speaks = {site.language, queues[primary].language}
            if rng.random() < 0.6:
                speaks.add("de")
            if rng.random() < 0.3:
                speaks.add("nl")
            if rng.random() < 0.5:
                speaks.add("en")
            priority = 2
            for position in eligible:
                if position != primary and queues[position].language in speaks and rng.random() < 0.45:
                    skills.append({"agent": code, "queue": queues[position].name, "priority": str(priority)})
                    priority += 1
            availability += _availability(code, contract, settings.start, plan_days, rng)
            preferences += _preferences(code, contract, rng)
    _promote_missing_leads(agents)
    return agents, teams, skills, availability, preferences


def _promote_missing_leads(agents: list[dict]) -> None:
    """A team without a full-timer still gets a lead: its first member."""
    led = {agent["team"] for agent in agents if agent["role"] == "team_lead"}
    for agent in agents:
        if agent["team"] not in led:
            agent["role"] = "team_lead"
            led.add(agent["team"])


def _window(code: str, weekday: int, start: int, end: int) -> dict[str, str]:
    return {"agent": code, "kind": "weekly", "weekday": WEEKDAYS[weekday], "start": _hhmm(start),
            "end": _hhmm(end), "from_date": None, "to_date": None, "note": None}


def _dated(code: str, kind: str, first: date, last: date, note: str, start: int | None = None,
           end: int | None = None) -> dict[str, str]:
    return {"agent": code, "kind": kind, "weekday": None, "start": None if start is None else _hhmm(start),
            "end": None if end is None else _hhmm(end), "from_date": first.isoformat(),
            "to_date": last.isoformat() if last != first else None, "note": note}


def _availability(code: str, contract: str, start: date, plan_days: int, rng: np.random.Generator) -> list[dict]:
    """Students evenings and Saturdays, parents mornings, everyone else open windows; plus dated exceptions."""
    rows = []
    if contract == "student_12":
        opens = 960 + 60 * int(rng.integers(0, 2))
        rows += [_window(code, day, opens, 1320) for day in range(5)]
        rows.append(_window(code, 5, 480, 1080))
    elif contract.startswith("part_time") and rng.random() < 0.6:
        # inside every site's opening hours and long enough for the contract: five 6-hour mornings make 30 h
        opens = 480 + 30 * int(rng.integers(0, 3))
        closes = opens + 360 + 60 * int(rng.integers(0, 3))
        rows += [_window(code, day, opens, closes) for day in range(5)]
    else:
        rows += [_window(code, day, 360, 1320) for day in range(6)]
        if rng.random() < 0.25:
            rows.append(_window(code, 6, 540, 1080))
    if rng.random() < 0.35:
        first = start + timedelta(days=int(rng.integers(0, plan_days - 10)))
        rows.append(_dated(code, "vacation", first, first + timedelta(days=int(rng.integers(4, 10))), "annual leave"))
    if rng.random() < 0.08:
        first = start + timedelta(days=int(rng.integers(0, 14)))
        rows.append(_dated(code, "sick", first, first + timedelta(days=int(rng.integers(0, 3))), "sick note"))
    if rng.random() < 0.06:
        day = start + timedelta(days=int(rng.integers(0, 21)))
        rows.append(_dated(code, "unavailable", day, day, "appointment", 480, 720))
    if contract.startswith("full_time") and rng.random() < 0.05:
        sunday = start + timedelta(days=6 + 7 * int(rng.integers(0, 4)))
        rows.append(_dated(code, "available", sunday, sunday, "offered an extra Sunday", 600, 960))
    return rows


def _preference(code: str, kind: str, weight: float, weekday: int | None = None, start: int | None = None,
                end: int | None = None, length_min: int | None = None) -> dict[str, str]:
    return {"agent": code, "kind": kind, "weekday": None if weekday is None else WEEKDAYS[weekday],
            "start": None if start is None else _hhmm(start), "end": None if end is None else _hhmm(end),
            "length_min": None if length_min is None else str(length_min), "weight": f"{weight:g}"}


def _preferences(code: str, contract: str, rng: np.random.Generator) -> list[dict]:
    """Flexible hours: preferred start windows, a preferred day off, a preferred shift length, each weighted."""
    rows = []
    if rng.random() < 0.55:
        start = (420, 540, 720)[int(rng.integers(0, 3))] if contract != "student_12" else 960
        rows.append(_preference(code, "start_window", float(rng.integers(1, 4)), start=start, end=start + 120))
    if rng.random() < 0.3:
        rows.append(_preference(code, "day_off", float(rng.integers(2, 6)), weekday=(0, 2, 4)[int(rng.integers(0, 3))]))
    if contract.startswith("part_time") and rng.random() < 0.4:
        rows.append(_preference(code, "shift_length", float(rng.integers(1, 3)), length_min=360))
    if contract == "student_12" and rng.random() < 0.5:
        rows.append(_preference(code, "shift_length", 1.0, length_min=240))
    return rows


# ----------------------------------------------------------------------------------------- the centre

def _frame(rows: list[dict], columns: tuple[str, ...]) -> pl.DataFrame:
    return pl.DataFrame({column: [row[column] for row in rows] for column in columns},
                        schema={column: pl.String for column in columns})


def generate_centre(settings: GeneratorSettings) -> GeneratedCentre:
    people_seed, history_seed, activity_seed = np.random.SeedSequence(settings.seed).spawn(3)
    sites = site_specs(settings.sites)
    queues = queue_specs(settings.queues, sites)
    agents, teams, skills, availability, preferences = _people(settings, sites, queues,
                                                               np.random.default_rng(people_seed))
    first_utc, last_utc = first_last_utc(settings.start, settings.weeks, sites[0].time_zone)
    history_rng = np.random.default_rng(history_seed)
    histories = []
    for queue in queues:
        site_index = queue.home_site if queue.home_site is not None else 0
        site = sites[site_index]
        demand = QueueDemand(queue.name, queue.channel, site.time_zone, site.country, site.subdivision,
                             _opening(site_index), peak_calls(queue, settings.agents), queue.aht_s)
        histories.append(queue_history(demand, first_utc, last_utc, history_rng))
    config = {
        "centre": {"name": f"Synthetic centre (seed {settings.seed})", "plan_start": settings.start,
                   "generated_by": settings.command()},
        "site": [_site_entry(site, index) for index, site in enumerate(sites)],
        "contract": [dict(contract) for contract in CONTRACTS],
        "shift_rule": [dict(rule) for rule in SHIFT_RULES],
        "queue": [_queue_entry(queue, sites, settings.agents) for queue in queues],
        "team": teams,
        "special_day": _special_days(sites, settings),
        "activity": _activities(settings, sites, teams, agents, np.random.default_rng(activity_seed)),
    }
    return GeneratedCentre(
        settings=settings,
        config=config,
        agents=_frame(agents, ("code", "name", "email", "site", "team", "role", "contract", "shift_rule", "active")),
        skills=_frame(skills, ("agent", "queue", "priority")),
        availability=_frame(availability, ("agent", "kind", "weekday", "start", "end", "from_date", "to_date",
                                           "note")),
        preferences=_frame(preferences, ("agent", "kind", "weekday", "start", "end", "length_min", "weight")),
        history=pl.concat(histories),
    )


def _site_entry(site: SiteSpec, index: int) -> dict[str, Any]:
    hours = {WEEKDAYS[day]: f"{_hhmm(opens)}-{_hhmm(closes)}" for day, (opens, closes) in _opening(index).items()}
    return {"name": site.name, "time_zone": site.time_zone, "country": site.country, "opening_hours": hours}


def _queue_entry(queue: QueueSpec, sites: list[SiteSpec], agents: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": queue.name, "channel": queue.channel}
    if queue.home_site is not None:
        entry["site"] = sites[queue.home_site].name
    entry.update(CHANNEL_SETTINGS[queue.channel])
    entry["shrinkage"] = SHRINKAGE
    entry["priority"] = {"voice": 1, "chat": 2, "email": 3, "outbound": 4}[queue.channel]
    if queue.channel == "outbound":
        # campaign agent-minutes per week: the peak workload over 5 days x 11 h at 80 % of the peak on average
        peak_agents = peak_calls(queue, agents) * queue.aht_s / INTERVAL_S
        entry["outbound_week_min"] = int(round(peak_agents * 5 * 11 * 60 * 0.8 / 60.0)) * 60
    return entry


def _special_days(sites: list[SiteSpec], settings: GeneratorSettings) -> list[dict[str, Any]]:
    first = settings.start - timedelta(days=7 * settings.weeks)
    last = settings.start + timedelta(days=7 * SPECIAL_DAY_WEEKS_AHEAD)
    rows = []
    for site in sites:
        for day, name in holiday_dates(site.country, site.subdivision, first, last).items():
            rows.append({"site": site.name, "day": day, "kind": "holiday", "name": name, "factor": 0.1})
    return rows


def _activities(settings: GeneratorSettings, sites: list[SiteSpec], teams: list[dict], agents: list[dict],
                rng: np.random.Generator) -> list[dict[str, Any]]:
    """A product training for some agents of the first site, and a weekly half-hour coaching per team."""
    start = settings.start
    first_site = [agent["code"] for agent in agents if agent["site"] == sites[0].name]
    chosen = sorted(rng.choice(first_site, size=min(10, len(first_site)), replace=False).tolist()) if first_site else []
    activities = [{
        "name": "Product training: winter tariffs", "kind": "training", "duration_min": 120,
        "window_start": datetime.combine(start + timedelta(days=1), datetime.min.time()).replace(hour=9),
        "window_end": datetime.combine(start + timedelta(days=3), datetime.min.time()).replace(hour=17),
        "site": sites[0].name, "recurs_weekly": False, "participants": chosen,
    }]
    for team in teams:
        activities.append({
            "name": f"Coaching {team['name']}", "kind": "coaching", "duration_min": 30,
            "window_start": datetime.combine(start + timedelta(days=1), datetime.min.time()).replace(hour=10),
            "window_end": datetime.combine(start + timedelta(days=3), datetime.min.time()).replace(hour=16),
            "team": team["name"], "recurs_weekly": True,
        })
    return activities
