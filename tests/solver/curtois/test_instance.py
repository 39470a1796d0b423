"""Reading the Curtois & Qu instances: all sixteen, LF and CRLF, and clear errors on broken files."""

import pytest

from solver.curtois.instance import InstanceFormatError, read_instance

# days, shift types, staff, on-requests, off-requests, cover lines (FORMAT.md, counted from the files)
SIZES = {
    1: (14, 1, 8, 21, 5, 14), 2: (14, 2, 14, 50, 12, 28), 3: (14, 3, 20, 39, 25, 42),
    4: (28, 2, 10, 52, 19, 56), 5: (28, 2, 16, 79, 27, 56), 6: (28, 3, 18, 87, 48, 84),
    7: (28, 3, 20, 104, 64, 84), 8: (28, 4, 30, 139, 86, 112), 9: (28, 4, 36, 144, 88, 112),
    10: (28, 5, 40, 210, 74, 140), 11: (28, 6, 50, 197, 139, 168), 12: (28, 10, 60, 294, 128, 280),
    13: (28, 18, 120, 589, 252, 504), 14: (42, 4, 32, 266, 93, 168), 15: (42, 6, 45, 350, 140, 252),
    16: (56, 3, 20, 177, 103, 168),
}


@pytest.mark.parametrize("number", sorted(SIZES))
def test_every_published_instance_reads_with_its_sizes(shared_benchmarks, number):
    inst = read_instance(shared_benchmarks / "curtois" / f"Instance{number}.txt")
    got = (inst.days, len(inst.shifts), len(inst.employees), len(inst.on_requests), len(inst.off_requests), len(inst.cover))
    assert got == SIZES[number]


def test_crlf_reads_like_lf(shared_benchmarks, tmp_path):
    source = shared_benchmarks / "curtois" / "Instance3.txt"
    crlf = tmp_path / "Instance3.txt"
    crlf.write_bytes(source.read_bytes().replace(b"\n", b"\r\n").replace(b"# All", b"\r\n# All"))
    assert read_instance(crlf) == read_instance(source)


def test_fields_are_read_into_rules(shared_benchmarks):
    inst = read_instance(shared_benchmarks / "curtois" / "Instance1.txt")
    a = inst.employees[0]
    assert (a.id, a.max_shifts, a.max_total_min, a.min_total_min) == ("A", {"D": 14}, 4320, 3360)
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts, a.min_consecutive_days_off, a.max_weekends) == (5, 2, 2, 1)
    assert inst.days_off["A"] == {0}
    assert inst.weekends == [(5, 6), (12, 13)]


MINI = """SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=0,2400,0,5,1,1,1

SECTION_DAYS_OFF
A,3

SECTION_SHIFT_ON_REQUESTS
A,0,E,2

SECTION_SHIFT_OFF_REQUESTS

SECTION_COVER
0,E,1,100,1
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("A,E=7|L=0,2400", "A,E=7|L=0,24x0", r"mini.txt:9: MaxTotalMinutes: not an integer: '24x0'"),
        ("A,0,E,2", "B,0,E,2", r"mini.txt:15: EmployeeID: unknown employee 'B'"),
        ("0,E,1,100,1", "9,E,1,100,1", r"mini.txt:20: Day: day 9 is past the horizon of 7 days"),
        ("L,480,E", "L,480,X", r"unknown forbidden successor"),
        ("A,E=7|L=0", "A,E=7|Q=0", r"MaxShifts: bad entry 'Q=0'"),
        ("SECTION_COVER\n", "", r"missing section\(s\) SECTION_COVER"),
    ],
)
def test_broken_files_name_file_line_and_field(tmp_path, old, new, message):
    path = tmp_path / "mini.txt"
    path.write_text(MINI.replace(old, new))
    with pytest.raises(InstanceFormatError, match=message):
        read_instance(path)


def test_the_mini_instance_reads(tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(MINI)
    inst = read_instance(path)
    assert inst.shifts[1].forbidden_next == ("E",)
    assert inst.employees[0].max_shifts == {"E": 7, "L": 0}
