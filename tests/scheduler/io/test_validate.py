from datetime import date, datetime, timezone

import polars as pl

from scheduler.io.validate import (
    Bool, Column, Date, DateTime, Enum, Float, Int, Str, Table, Time, Weekday, ok_rows, validate,
)


def _check(kind, cells, **column):
    table = Table("f.csv", pl.DataFrame({"x": cells}))
    checked = validate(table, [Column("x", kind, **column)])
    return checked.frame.get_column("x").to_list(), [(e.row, e.message) for e in checked.errors]


def test_int_and_float_with_ranges():
    assert _check(Int(min=1, max=10), ["1", " 10 ", "0", "11", "2.5", "x"]) == (
        [1, 10, None, None, None, None],
        [(4, "must be >= 1, got 0"), (5, "must be <= 10, got 11"), (6, "not a whole number: '2.5'"),
         (7, "not a whole number: 'x'")])
    assert _check(Float(min=0), ["1.5", "1e3", "inf", "-0.1"]) == (
        [1.5, 1000.0, None, None], [(4, "not a number: 'inf'"), (5, "must be >= 0, got -0.1")])


def test_time_weekday_bool_enum_date():
    assert _check(Time(), ["00:00", "7:30", "24:00", "24:15", "12:60", "noon"])[0] == [0, 450, 1440, None, None, None]
    assert _check(Time(allow_24=False), ["24:00"])[1] == [(2, "not a time HH:MM between 00:00 and 23:59: '24:00'")]
    assert _check(Weekday(), ["Mon", "sunday", "0", "6", "7", "Mo"])[0] == [0, 6, 0, 6, None, None]
    assert _check(Bool(), ["true", "No", "1", "Y", "perhaps"])[0] == [True, False, True, True, None]
    assert _check(Enum(("a", "b"), "letter"), ["a", "c"])[1] == [(3, "unknown letter 'c' (known: a, b)")]
    assert _check(Date(), ["2026-02-28", "2026-02-29", "28.02.2026"])[0] == [date(2026, 2, 28), None, None]


def test_datetime_offsets_are_applied_and_naive_cells_flagged():
    table = Table("h.csv", pl.DataFrame({"t": ["2026-03-29T03:00+02:00", "2026-03-29 01:00:30Z",
                                               "2026-03-29T02:00", "2026-03-29T01:00:00.250-0130", "29/03/2026"]}))
    checked = validate(table, [Column("t", DateTime())])
    assert checked.frame.get_column("t").to_list()[:4] == [
        datetime(2026, 3, 29, 1, 0), datetime(2026, 3, 29, 1, 0, 30), datetime(2026, 3, 29, 2, 0),
        datetime(2026, 3, 29, 2, 30)]
    assert checked.frame.get_column("t__has_offset").to_list()[:4] == [True, True, False, True]
    assert [e.row for e in checked.errors] == [6]


def test_typed_parquet_cells_take_the_fast_path():
    frame = pl.DataFrame({"n": [1, 2], "f": [1, 2], "b": [True, False], "d": [date(2026, 1, 1), None],
                          "t": [datetime(2026, 1, 1, 12, tzinfo=timezone.utc),
                                datetime(2026, 7, 1, 13, tzinfo=timezone.utc)]})
    frame = frame.with_columns(pl.col("t").dt.convert_time_zone("Europe/Berlin"))
    table = Table("x.parquet", frame, first_row=1, header_row=None)
    checked = validate(table, [Column("n", Int()), Column("f", Float()), Column("b", Bool()),
                               Column("d", Date(), required=False), Column("t", DateTime())])
    assert checked.errors == []
    assert ok_rows(checked.frame).select("n", "f", "b", "d", "t", "t__has_offset").rows() == [
        (1, 1.0, True, date(2026, 1, 1), datetime(2026, 1, 1, 12), True),
        (2, 2.0, False, None, datetime(2026, 7, 1, 13), True)]


def test_defaults_missing_values_and_header_problems():
    table = Table("f.csv", pl.DataFrame({"name": ["a", " ", None], "extra": ["1", "2", "3"]}))
    checked = validate(table, [Column("name", Str()), Column("size", Int(), required=False, default=15),
                               Column("code", Str())])
    assert [str(error) for error in checked.errors] == [
        "f.csv:1: code: missing required column",
        "f.csv:1: extra: unknown column (known: name, size, code)",
    ]
    checked = validate(Table("f.csv", pl.DataFrame({"name": ["a", " ", None]})),
                       [Column("name", Str()), Column("size", Int(), required=False, default=15)])
    assert [str(error) for error in checked.errors] == ["f.csv:3: name: missing value", "f.csv:4: name: missing value"]
    assert ok_rows(checked.frame).select("name", "size").rows() == [("a", 15)]


def test_csv_rows_are_file_lines_even_with_blank_lines_and_quoted_line_breaks(tmp_path):
    from scheduler.io.validate import read_table

    path = tmp_path / "f.csv"
    path.write_text('name,size\na,1\n\n"two\nlines",x\nb,y\n', encoding="utf-8")
    checked = validate(read_table(path), [Column("name", Str()), Column("size", Int())])
    assert [str(error) for error in checked.errors] == [
        "f.csv:3: name: missing value", "f.csv:3: size: missing value",
        "f.csv:4: size: not a whole number: 'x'", "f.csv:6: size: not a whole number: 'y'"]
