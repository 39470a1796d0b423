"""Planning end to end on a stored centre: build, solve, check, evaluate and store a new draft version."""

from datetime import date, timedelta

from sqlmodel import Session, select

from scheduler.planning.api import SolveOptions, StopHandle
from scheduler.planning.load import load_solver_plan
from scheduler.planning.problem_builder import build_problem
from scheduler.planning.run import solve_and_store
from scheduler.storage import models as m
from solver.check import check_plan

from tests.scheduler.planning.centre import MONDAY, build_centre


def _options(**kw):
    return SolveOptions(start=MONDAY, weeks=1, time_limit_s=10, workers=1, seed=1, **kw)


def test_problem_reads_calendars_availability_and_demand(sqlite_url):
    engine = build_centre(sqlite_url)
    with Session(engine) as session:
        built = build_problem(session, MONDAY)
    problem = built.problem
    assert problem.horizon.n_intervals == 7 * 96
    site = problem.horizon.sites[0]
    assert site.weekend_days == frozenset({5, 6})
    assert site.open_mask[8 * 4] and not site.open_mask[8 * 4 - 1] and not any(site.open_mask[6 * 96:])
    vacationer = problem.agents[1]
    assert not any(vacationer.available[: 2 * 96]) and all(vacationer.available[2 * 96:])
    assert problem.agents[0].preferences.days_off == frozenset({2})
    assert [c.campaign_id for c in problem.campaigns] == ["Survey"]
    # coaching is one-to-one: a session per team member, each anywhere in the window
    assert [a.participants for a in problem.activities] == [("MS-001",), ("MS-002",), ("MS-003",), ("MS-004",)]
    assert {a.window for a in problem.activities} == {problem.activities[0].window}
    assert max(problem.queues[0].required) == 2


def test_a_closed_special_day_gets_no_shifts(sqlite_url):
    engine = build_centre(sqlite_url)
    wednesday = MONDAY + timedelta(days=2)
    with Session(engine) as session:
        session.add(m.SpecialDay(site_id=1, day=wednesday, kind="closed", name="Strike"))
        session.commit()
        site = build_problem(session, MONDAY).problem.horizon.sites[0]
    assert not any(site.open_mask[2 * 96: 3 * 96]) and any(site.open_mask[96: 2 * 96])
    outcome = solve_and_store(engine, _options())
    assert outcome.plan_id is not None, outcome.message
    with Session(engine) as session:
        shifts = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == outcome.plan_id)).all()
    days = {s.start_utc.date() for s in shifts}
    assert wednesday not in days and MONDAY + timedelta(days=1) in days


def test_solve_stores_a_checked_draft_and_reloads_identically(sqlite_url):
    engine = build_centre(sqlite_url)
    seen = []
    outcome = solve_and_store(engine, _options(), on_progress=seen.append)
    assert outcome.plan_id is not None, outcome.message
    assert seen and seen[-1].solutions >= 1
    with Session(engine) as session:
        plan = session.get(m.Plan, outcome.plan_id)
        assert (plan.status, plan.version) == ("draft", 1)
        assert plan.statistics["queues"][0]["queue"] == "DE Voice"
        shifts = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == plan.id)).all()
        assert shifts
        built = build_problem(session, MONDAY)
        reloaded = load_solver_plan(session, built, plan.id)
    assert check_plan(built.problem, reloaded) == []
    assert any(line.startswith("DE Voice") for line in outcome.summary_lines)
    # every soft rule that costs something is reported on its own, with its unit
    costly = {p["rule_id"]: p for p in plan.statistics["penalties"] if p["cost"] > 0}
    assert costly
    for rule_id, pen in costly.items():
        line = next(x for x in outcome.summary_lines if x.startswith(rule_id + " "))
        assert pen["unit"] in line


def test_second_solve_is_a_new_version_hinted_by_the_first(sqlite_url):
    engine = build_centre(sqlite_url)
    first = solve_and_store(engine, _options())
    second = solve_and_store(engine, _options(hint_plan_id=first.plan_id))
    with Session(engine) as session:
        assert session.get(m.Plan, second.plan_id).version == 2
        assert session.get(m.Plan, second.plan_id).parent_id == first.plan_id


def test_locked_shift_stays(sqlite_url):
    engine = build_centre(sqlite_url)
    first = solve_and_store(engine, _options())
    with Session(engine) as session:
        shift = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == first.plan_id)).first()
        shift.locked = True
        session.add(shift)
        session.commit()
        locked = (shift.agent_id, shift.start_utc, shift.end_utc)
    second = solve_and_store(engine, _options(hint_plan_id=first.plan_id))
    with Session(engine) as session:
        kept = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == second.plan_id,
                                                      m.PlanShift.agent_id == locked[0])).all()
    assert (locked[1], locked[2]) in {(s.start_utc, s.end_utc) for s in kept}


def test_stop_returns_the_best_plan_so_far(sqlite_url):
    engine = build_centre(sqlite_url, agents=6)
    stop = StopHandle()
    outcome = solve_and_store(engine, _options(), on_progress=lambda p: stop.stop(), stop=stop)
    assert outcome.plan_id is not None
    assert "stopped" in outcome.status


def test_contradicting_rules_are_explained_not_stored(sqlite_url):
    from scheduler.timegrid import local_instant_utc

    engine = build_centre(sqlite_url)
    with Session(engine) as session:
        contract = session.get(m.Contract, 1)
        contract.min_week_min = 32 * 60
        session.add(contract)
        # unavailable (unlike vacation) is not credited: three days left cannot hold 32 h
        session.add(m.AvailabilityException(agent_id=3, kind="unavailable",
                                            start_utc=local_instant_utc("Europe/Berlin", MONDAY, 0),
                                            end_utc=local_instant_utc("Europe/Berlin", MONDAY, 3 * 1440)))
        session.commit()
    outcome = solve_and_store(engine, _options())
    assert outcome.plan_id is None
    assert "MS-003" in outcome.message and "32 h" in outcome.message
    assert "MS-001" not in outcome.message and "MS-002" not in outcome.message


def test_vacation_days_are_credited_against_the_weekly_minimum(sqlite_url):
    """MS-002 is on vacation Monday and Tuesday: two fifths of the 32-hour minimum are credited."""
    engine = build_centre(sqlite_url)
    with Session(engine) as session:
        contract = session.get(m.Contract, 1)
        contract.min_week_min = 32 * 60
        session.add(contract)
        session.commit()
        built = build_problem(session, MONDAY)
    minimum = {a.agent_id: a.contract.min_week_min for a in built.problem.agents}
    assert minimum["MS-001"] == 32 * 60
    assert minimum["MS-002"] == 32 * 60 - 2 * (32 * 60 // 5)


def test_manual_edits_are_rechecked_in_planner_words(sqlite_url):
    from datetime import timedelta

    from scheduler.planning.manual_check import check_stored_plan

    engine = build_centre(sqlite_url)
    outcome = solve_and_store(engine, _options())
    assert check_stored_plan(engine, outcome.plan_id) == ()
    with Session(engine) as session:
        shift = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == outcome.plan_id,
                                                       m.PlanShift.agent_id == 2)).first()
        # move MS-002's shift onto Monday, when MS-002 is on vacation
        shift.start_utc -= timedelta(days=(shift.day - MONDAY).days)
        shift.end_utc -= timedelta(days=(shift.day - MONDAY).days)
        shift.day = MONDAY
        session.add(shift)
        session.commit()
    warnings = check_stored_plan(engine, outcome.plan_id)
    assert any(w.startswith("MS-002") and "availability" in w for w in warnings), warnings


def _add_mail_queue(engine, night_mail: float = 8.0):
    """An e-mail queue (4 h deadline) whose mail arrives at 03:00 Berlin each weekday, with agents skilled for it."""
    from datetime import datetime, timedelta, timezone

    from scheduler.timegrid import local_instant_utc, planning_grid

    grid = planning_grid(["Europe/Berlin"], MONDAY, 7)
    with Session(engine) as s:
        s.add(m.Queue(id=3, name="Mail", channel="email", sl_target_pct=90, sl_target_s=0, response_deadline_min=240,
                      max_occupancy=1.0, shrinkage=0.0))
        s.flush()
        for agent_id in (1, 2):
            s.add(m.AgentSkill(agent_id=agent_id, queue_id=3, priority=1))
        arrivals = {grid.index(local_instant_utc("Europe/Berlin", MONDAY + timedelta(days=d), 3 * 60)) for d in range(5)}
        for t in range(grid.n_intervals):
            s.add(m.Forecast(queue_id=3, interval_start_utc=grid.instant(t), volume=night_mail if t in arrivals else 0.0,
                             aht_s=450, method="test", created_utc=datetime(2026, 11, 1, tzinfo=timezone.utc)))
        s.commit()
    return arrivals


def test_night_mail_is_due_four_open_hours_after_the_centre_opens(sqlite_url):
    engine = build_centre(sqlite_url)  # open 08:00-20:00 Berlin
    arrivals = _add_mail_queue(engine)
    with Session(engine) as session:
        mail = build_problem(session, MONDAY).problem.queues[1]
    assert mail.queue_id == "Mail" and mail.deferred is not None
    monday_3am = min(arrivals)
    # the grid starts at Berlin midnight; the centre opens at 08:00 (index 32); the 16th open interval ends at 12:00
    assert mail.deferred.due[monday_3am] == 8 * 4 + 16 - 1
    assert mail.deferred.contacts[monday_3am] == 8.0
    assert mail.deferred.work[monday_3am] == 8.0 * 450 / 900  # 4 agent-intervals at full occupancy


def test_each_queue_gets_a_weekly_target_in_contacts_per_week(sqlite_url):
    from scheduler.requirements import stored_forecast

    engine = build_centre(sqlite_url)
    _add_mail_queue(engine)
    with Session(engine) as session:
        built = build_problem(session, MONDAY, weeks=2)
        volume = {q.name: stored_forecast(session, q, built.index.grid)[0] for q in session.exec(select(m.Queue)).all()}
    voice, mail = built.problem.queues
    week2 = built.problem.horizon.sites[0].day_starts[7]
    n = built.problem.horizon.n_intervals
    assert volume["DE Voice"][:week2].sum() > 0 and volume["DE Voice"][week2:].sum() == 0  # one week forecast
    assert [(k.start, k.end) for k in voice.targets] == [(0, week2)]  # nothing to promise without volume
    assert voice.targets[0].contacts == 0.80 * volume["DE Voice"][:week2].sum()
    assert [(k.start, k.end) for k in mail.targets] == [(0, week2)]
    assert mail.targets[0].contacts == 0.90 * sum(mail.deferred.contacts[:week2]) == 0.90 * volume["Mail"][:week2].sum()
    assert n == 2 * week2


def test_solve_works_night_mail_in_the_morning_window(sqlite_url):
    engine = build_centre(sqlite_url)
    arrivals = _add_mail_queue(engine)
    outcome = solve_and_store(engine, _options())
    assert outcome.plan_id is not None, outcome.message
    with Session(engine) as session:
        built = build_problem(session, MONDAY)
        plan = load_solver_plan(session, built, outcome.plan_id)
        stats = session.get(m.Plan, outcome.plan_id).statistics
    mail = next(c for c in plan.coverage if c.queue_id == "Mail")
    for s in sorted(arrivals)[:5]:
        window = range(s, built.problem.queues[1].deferred.due[s] + 1)
        assert sum(mail.staffed[t] for t in window) >= 4, f"mail of interval {s} not worked on time"
    mail_stats = next(q for q in stats["queues"] if q["queue"] == "Mail")
    assert mail_stats["week_service_level_pct"] == 100.0
    assert mail_stats["target_s"] == 240 * 60


def test_training_is_held_together_and_coaching_sessions_are_placed_per_person(sqlite_url):
    from scheduler.timegrid import local_instant_utc

    engine = build_centre(sqlite_url)
    with Session(engine) as s:
        s.add(m.Activity(id=2, name="Tariffs", kind="training", duration_min=60, team_id=1,
                         window_start_utc=local_instant_utc("Europe/Berlin", MONDAY, 9 * 60),
                         window_end_utc=local_instant_utc("Europe/Berlin", MONDAY, 17 * 60)))
        s.commit()
    with Session(engine) as session:
        problem = build_problem(session, MONDAY).problem
    training = [a for a in problem.activities if a.activity_id.startswith("Tariffs")]
    assert len(training) == 1 and len(training[0].participants) == 4
    outcome = solve_and_store(engine, _options())
    with Session(engine) as session:
        built = build_problem(session, MONDAY)
        plan = load_solver_plan(session, built, outcome.plan_id)
    sessions = [(ap.agent_id, act.activity_id) for ap in plan.agents for act in ap.activities if act.activity_id.startswith("Coaching")]
    assert sessions and all(code in key for code, key in sessions)  # each session reloads as its own person's
    assert check_plan(built.problem, plan) == []
    line = next(x for x in outcome.summary_lines if x.startswith("Training, coaching and meetings"))
    assert f"of {len(built.problem.activities)} sessions planned" in line


def test_the_summary_says_which_sessions_no_plan_can_hold_and_who_stands_in_the_way():
    from scheduler.planning.evaluation import _activity_lines

    stats = {"asked": 4, "planned": 1, "unplanned": ["Training · Tue", "Coaching · MS-021 · Tue", "Meeting · Wed"],
             "unreachable": {"Training · Tue": ["MS-004"], "Coaching · MS-021 · Tue": []}}
    lines = _activity_lines(stats)
    assert lines[0] == "Training, coaching and meetings: 1 of 4 sessions planned"
    assert "    Training · Tue: MS-004 cannot be there" in lines
    assert "    Coaching · MS-021 · Tue: never all present at once" in lines
    assert lines[-1] == "  not planned (the solver found no time for them): Meeting · Wed"
    old = {"asked": 2, "planned": 1, "unplanned": ["Meeting · Wed"]}  # plans stored before the field existed
    assert _activity_lines(old)[-1].endswith("Meeting · Wed")
