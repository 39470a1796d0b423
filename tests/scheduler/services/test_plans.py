"""Plan versions, roster, shift edits and the staffing view over a small stored plan."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from scheduler.services.errors import ServiceError
from scheduler.services.plans import list_plans, publish_plan
from scheduler.services.roster import SegmentKind, load_roster
from scheduler.services.shift_edits import move_shift, set_shift_locked
from scheduler.services.staffing_view import demand_days, load_queue_day, service_levels_pct
from scheduler.storage.models import Plan, PlanActivity, PlanAssignment, PlanBreak, PlanShift, Queue
from tests.scheduler.services.centre import MONDAY


def shift_of(engine, plan_id, agent_id):
    with Session(engine) as session:
        return session.exec(select(PlanShift).where(PlanShift.plan_id == plan_id, PlanShift.agent_id == agent_id)
                            .order_by(PlanShift.start_utc)).first()


class TestRoster:
    def test_day_rows_and_coverage(self, centre):
        roster = load_roster(centre.plan_id, engine=centre.engine)
        assert roster.span_min == 1440 and len(roster.rows) == 6
        kinds = {s.kind for s in roster.rows[0].segments}
        assert kinds == {SegmentKind.SHIFT, SegmentKind.QUEUE, SegmentKind.BREAK, SegmentKind.ACTIVITY}
        # starts at 8, 9, 10, 11, 8, 9 h; breaks 4 h after the start
        assert roster.coverage[32] == 2 and roster.coverage[36] == 4 and roster.coverage[44] == 6
        assert roster.coverage[48] == 4  # 12:00: the two 8 o'clock agents are on their break

    def test_week_spans_dst_change(self, centre):
        roster = load_roster(centre.plan_id, MONDAY + timedelta(days=21), engine=centre.engine, week=True)
        assert roster.span_min == 7 * 1440 - 60  # the week of 2026-03-23 loses an hour on the 29th


class TestEdits:
    def test_lock_and_move_on_a_draft(self, centre):
        shift = shift_of(centre.engine, centre.plan_id, centre.agent_ids[0])
        edit = move_shift(shift.id, -30, engine=centre.engine)
        assert edit.copied_from_plan_id is None and edit.shift_id == shift.id
        moved = shift_of(centre.engine, centre.plan_id, centre.agent_ids[0])
        assert moved.start_utc == shift.start_utc - timedelta(minutes=30)
        with Session(centre.engine) as session:
            spans = session.exec(select(PlanAssignment).where(PlanAssignment.agent_id == shift.agent_id)
                                 .order_by(PlanAssignment.start_utc)).all()
        assert spans[0].start_utc == moved.start_utc
        set_shift_locked(shift.id, True, engine=centre.engine)
        with pytest.raises(ServiceError, match="locked"):
            move_shift(shift.id, 15, engine=centre.engine)

    def test_published_plan_gets_a_full_draft_copy(self, centre):
        publish_plan(centre.plan_id, engine=centre.engine)
        with pytest.raises(ServiceError, match="already published"):
            publish_plan(centre.plan_id, engine=centre.engine)
        shift = shift_of(centre.engine, centre.plan_id, centre.agent_ids[0])
        edit = move_shift(shift.id, 15, engine=centre.engine)
        assert edit.copied_from_plan_id == centre.plan_id and edit.plan_id != centre.plan_id
        with Session(centre.engine) as session:
            def count(model, plan_id):
                if model is PlanBreak:
                    return len(session.exec(select(PlanBreak).join(PlanShift, PlanBreak.shift_id == PlanShift.id)
                                            .where(PlanShift.plan_id == plan_id)).all())
                return len(session.exec(select(model).where(model.plan_id == plan_id)).all())
            for model in (PlanShift, PlanBreak, PlanAssignment, PlanActivity):
                assert count(model, edit.plan_id) == count(model, centre.plan_id) > 0
        assert shift_of(centre.engine, centre.plan_id, centre.agent_ids[0]).start_utc == shift.start_utc
        assert [p.status for p in list_plans(engine=centre.engine)] == ["draft", "published"]


class TestStaffingView:
    def test_queue_day(self, centre):
        assert demand_days(centre.queue_ids[0], engine=centre.engine) == [MONDAY]
        day = load_queue_day(centre.queue_ids[0], MONDAY, engine=centre.engine)
        assert len(day.intervals) == 40 and day.plan_id == centre.plan_id
        assert [i.planned for i in day.intervals[:8:4]] == [2, 2]
        assert day.intervals[0].service_level_pct == 0.0  # 2 agents for a load of 4 Erlangs

    def test_service_level_grows_with_agents_and_uses_the_queue_model(self):
        voice = Queue(name="v", channel="voice", sl_target_pct=80, sl_target_s=20, shrinkage=0.0)
        values = service_levels_pct(voice, [100.0] * 10, [180.0] * 10, list(range(20, 30)), 15)
        assert values[0] == 0.0 and all(a < b for a, b in zip(values, values[1:])) and values[-1] < 100
        assert service_levels_pct(voice, [2000.0], [300.0], [700], 15)[0] > 0  # large loads stay finite
        patient = Queue(name="a", channel="voice", sl_target_pct=80, sl_target_s=20, shrinkage=0.0,
                        mean_patience_s=60.0)
        # Erlang A: callers who give up relieve the queue, so 20 agents already answer some calls in time
        assert service_levels_pct(patient, [100.0], [180.0], [20], 15)[0] > 0.0
        assert service_levels_pct(voice, [0.0], [0.0], [3], 15) == [None]
