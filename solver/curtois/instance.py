"""Reading a Curtois & Qu instance file into plain frozen dataclasses (format: shared/benchmarks/curtois/FORMAT.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SECTIONS = (
    "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
)


class InstanceFormatError(ValueError):
    """A line of an instance file does not follow the format; the message names file, line and field."""


@dataclass(frozen=True)
class ShiftType:
    id: str
    length_min: int
    forbidden_next: tuple[str, ...]


@dataclass(frozen=True)
class Employee:
    id: str
    max_shifts: dict[str, int]
    max_total_min: int
    min_total_min: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class Instance:
    name: str
    days: int
    shifts: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    days_off: dict[str, frozenset[int]]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]

    def types_of(self, e: Employee) -> tuple[ShiftType, ...]:
        """The shift types `e` may work at all: MaxShifts above 0, or no limit given."""
        return tuple(s for s in self.shifts if e.max_shifts.get(s.id, self.days) > 0)

    @property
    def weekends(self) -> list[tuple[int, int]]:
        """Saturday/Sunday pairs; day 0 is always a Monday."""
        return [(5 + 7 * w, 6 + 7 * w) for w in range(self.days // 7) if 6 + 7 * w < self.days]


def _sections(path: Path) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    name, rows = None, []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if name is not None:
                yield name, rows
            name, rows = line, []
        elif name is None:
            raise InstanceFormatError(f"{path.name}:{number}: data before the first SECTION_ header")
        else:
            rows.append((number, line))
    if name is not None:
        yield name, rows


class _Fields:
    """Splits one data line and converts fields, naming file, line and field on failure."""

    def __init__(self, path: Path, number: int, line: str, names: tuple[str, ...], section: str):
        self.where = f"{path.name}:{number}"
        self.values = [v.strip() for v in line.split(",")]
        if len(self.values) < len(names):
            raise InstanceFormatError(
                f"{self.where}: {section}: expected {len(names)} fields ({', '.join(names)}), got {len(self.values)}"
            )
        self.names = names

    def text(self, i: int) -> str:
        return self.values[i]

    def int(self, i: int, minimum: int = 0) -> int:
        try:
            value = int(self.values[i])
        except ValueError:
            raise InstanceFormatError(f"{self.where}: {self.names[i]}: not an integer: {self.values[i]!r}") from None
        if value < minimum:
            raise InstanceFormatError(f"{self.where}: {self.names[i]}: must be >= {minimum}, got {value}")
        return value


def read_instance(path: str | Path) -> Instance:
    """Parse an instance file (LF or CRLF); every problem raises InstanceFormatError with file:line: field."""
    path = Path(path)
    found = dict(_sections(path))
    missing = [s for s in SECTIONS if s not in found]
    if missing:
        raise InstanceFormatError(f"{path.name}: missing section(s) {', '.join(missing)}")

    horizon_rows = found["SECTION_HORIZON"]
    if len(horizon_rows) != 1:
        raise InstanceFormatError(f"{path.name}: SECTION_HORIZON must hold exactly one number")
    days = _Fields(path, *horizon_rows[0], ("days",), "SECTION_HORIZON").int(0, minimum=1)

    shifts = []
    for number, line in found["SECTION_SHIFTS"]:
        f = _Fields(path, number, line, ("ShiftID", "LengthInMinutes", "Forbidden"), "SECTION_SHIFTS")
        forbidden = tuple(s for s in f.text(2).split("|") if s)
        shifts.append(ShiftType(f.text(0), f.int(1, minimum=1), forbidden))
    shift_ids = {s.id for s in shifts}
    for shift in shifts:
        unknown = set(shift.forbidden_next) - shift_ids
        if unknown:
            raise InstanceFormatError(f"{path.name}: shift {shift.id}: unknown forbidden successor(s) {sorted(unknown)}")

    staff_names = ("ID", "MaxShifts", "MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts",
                   "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends")
    employees = []
    for number, line in found["SECTION_STAFF"]:
        f = _Fields(path, number, line, staff_names, "SECTION_STAFF")
        max_shifts = {s: days for s in shift_ids}
        for pair in filter(None, f.text(1).split("|")):
            shift, _, count = pair.partition("=")
            if shift not in shift_ids or not count.strip().isdigit():
                raise InstanceFormatError(f"{f.where}: MaxShifts: bad entry {pair!r}")
            max_shifts[shift] = int(count)
        employees.append(Employee(f.text(0), max_shifts, *(f.int(i) for i in range(2, 8))))
    employee_ids = {e.id for e in employees}

    def employee(f: _Fields) -> str:
        if f.text(0) not in employee_ids:
            raise InstanceFormatError(f"{f.where}: EmployeeID: unknown employee {f.text(0)!r}")
        return f.text(0)

    def day(f: _Fields, i: int) -> int:
        value = f.int(i)
        if value >= days:
            raise InstanceFormatError(f"{f.where}: {f.names[i]}: day {value} is past the horizon of {days} days")
        return value

    def shift_id(f: _Fields, i: int) -> str:
        if f.text(i) not in shift_ids:
            raise InstanceFormatError(f"{f.where}: ShiftID: unknown shift {f.text(i)!r}")
        return f.text(i)

    days_off: dict[str, frozenset[int]] = {e: frozenset() for e in employee_ids}
    for number, line in found["SECTION_DAYS_OFF"]:
        f = _Fields(path, number, line, ("EmployeeID",), "SECTION_DAYS_OFF")
        f.names = ("EmployeeID",) + ("day",) * (len(f.values) - 1)
        days_off[employee(f)] = days_off[f.text(0)] | {day(f, i) for i in range(1, len(f.values)) if f.values[i]}

    def requests(section: str) -> tuple[Request, ...]:
        out = []
        for number, line in found[section]:
            f = _Fields(path, number, line, ("EmployeeID", "Day", "ShiftID", "Weight"), section)
            out.append(Request(employee(f), day(f, 1), shift_id(f, 2), f.int(3)))
        return tuple(out)

    cover = []
    for number, line in found["SECTION_COVER"]:
        f = _Fields(path, number, line, ("Day", "ShiftID", "Requirement", "WeightUnder", "WeightOver"), "SECTION_COVER")
        cover.append(Cover(day(f, 0), shift_id(f, 1), f.int(2), f.int(3), f.int(4)))

    return Instance(
        name=path.stem, days=days, shifts=tuple(shifts), employees=tuple(employees), days_off=days_off,
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"), off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=tuple(cover),
    )
