"""A large synthetic instance grown from a real one, to test that the model scales linearly in memory.

Days repeat the base horizon (cover, requests, days off shifted by whole base horizons), shift types
are copied with their forbidden successors, staff are copied with horizon limits scaled to the longer
horizon. Deterministic: no randomness.
"""

from __future__ import annotations

from dataclasses import replace

from solver.curtois.instance import Cover, Employee, Instance, Request, ShiftType


def scaled_instance(base: Instance, days: int, staff: int, shift_types: int) -> Instance:
    reps = -(-days // base.days)
    factor = days / base.days
    n_base_types = len(base.shifts)

    def copy_id(shift_id: str, k: int) -> str:
        return shift_id if k == 0 else f"{shift_id}~{k}"

    shifts = []
    origin: dict[str, str] = {}
    for i in range(shift_types):
        s, k = base.shifts[i % n_base_types], i // n_base_types
        sid = copy_id(s.id, k)
        origin[sid] = s.id
        shifts.append(ShiftType(sid, s.length_min, tuple(copy_id(f, k) for f in s.forbidden_next)))
    copies = {s.id: [t.id for t in shifts if origin[t.id] == s.id] for s in base.shifts}

    employees, base_of = [], {}
    for i in range(staff):
        e = base.employees[i % len(base.employees)]
        eid = e.id if i < len(base.employees) else f"{e.id}~{i // len(base.employees)}"
        base_of[eid] = e.id
        caps = {t.id: round(e.max_shifts[origin[t.id]] * factor) for t in shifts}
        employees.append(Employee(
            eid, caps, round(e.max_total_min * factor), round(e.min_total_min * factor),
            e.max_consecutive_shifts, e.min_consecutive_shifts, e.min_consecutive_days_off,
            round(e.max_weekends * factor),
        ))
    clones = {e.id: [x.id for x in employees if base_of[x.id] == e.id] for e in base.employees}

    def shifted(d: int) -> list[int]:
        return [d + r * base.days for r in range(reps) if d + r * base.days < days]

    days_off = {x.id: frozenset(dd for d in base.days_off[base_of[x.id]] for dd in shifted(d)) for x in employees}

    def requests(rs: tuple[Request, ...]) -> tuple[Request, ...]:
        return tuple(replace(r, employee=eid, day=dd, shift=sid)
                     for r in rs for eid in clones[r.employee] for dd in shifted(r.day) for sid in copies[r.shift][:1])

    cover = tuple(Cover(dd, sid, c.requirement if sid == c.shift else max(1, c.requirement // 2), c.weight_under, c.weight_over)
                  for c in base.cover for dd in shifted(c.day) for sid in copies[c.shift])
    return Instance(f"{base.name}x{days}d{staff}s{shift_types}t", days, tuple(shifts), tuple(employees), days_off,
                    requests(base.on_requests), requests(base.off_requests), cover)
