import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.scheduler.io.conftest import write
from sqlmodel import Session, func, select

from scheduler.io.errors import InputErrors
from scheduler.io.history import import_history
from scheduler.io.run import import_table
from scheduler.io.validate import read_table
from scheduler.storage.models import History, Queue

UTC = timezone.utc


def _history(engine, queue: str) -> list[tuple]:
    with Session(engine) as session:
        rows = session.exec(select(History).join(Queue, Queue.id == History.queue_id).where(Queue.name == queue)
                            .order_by(History.interval_start_utc)).all()
    return [(h.interval_start_utc, h.interval_min, h.offered, h.handled, h.abandoned, h.aht_s) for h in rows]


def test_naive_times_in_the_queue_zone_across_the_autumn_change(centre_engine, tmp_path: Path):
    # Berlin repeats 02:00-02:59 on 25 October 2026: a local report lists 02:45 twice
    path = write(tmp_path / "history.csv", """\
        queue,timestamp,interval_min,offered,handled,abandoned,aht_s
        German voice,2026-10-25T02:45,15,4,4,0,300
        German voice,2026-10-25 02:45:00,15,5,5,0,310
        German voice,2026-10-25T03:00:00,,6,5,1,290.5
        Chat,2026-10-25T02:30:00Z,30,3,3,0,400
        """)
    result = import_table(centre_engine, read_table(path), import_history)
    assert result.created == 4
    update = write(tmp_path / "update.csv", """        queue,timestamp,interval_min,offered,handled,abandoned,aht_s
        German voice,2026-10-25T03:00:00+01:00,15,7,7,,280
        """)
    result = import_table(centre_engine, read_table(update), import_history)
    assert (result.created, result.updated) == (0, 1)  # local 03:00 after the change is 02:00 UTC
    assert _history(centre_engine, "German voice") == [
        (datetime(2026, 10, 25, 0, 45, tzinfo=UTC), 15, 4, 4, 0, 300.0),
        (datetime(2026, 10, 25, 1, 45, tzinfo=UTC), 15, 5, 5, 0, 310.0),
        (datetime(2026, 10, 25, 2, 0, tzinfo=UTC), 15, 7, 7, 0, 280.0),
    ]
    assert _history(centre_engine, "Chat") == [(datetime(2026, 10, 25, 2, 30, tzinfo=UTC), 30, 3, 3, 0, 400.0)]


def test_tz_option_overrides_the_queue_zone(centre_engine, tmp_path: Path):
    path = write(tmp_path / "h.csv", "queue,timestamp,offered,handled,aht_s\nChat,2026-07-01T10:00,1,1,100\n")
    import_table(centre_engine, read_table(path),
                 lambda session, table: import_history(session, table, time_zone="Europe/Lisbon"))
    assert _history(centre_engine, "Chat")[0][0] == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def test_three_bad_csv_rows(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "history.csv", """\
        queue,timestamp,interval_min,offered,handled,abandoned,aht_s
        German voice,2026-03-29T01:45,15,1,1,0,300
        German voice,2026-03-29T02:15,15,1,1,0,300
        German voice,2026-03-29T03:10,15,1,1,0,300
        Hotline,2026-03-29T04:00,15,-1,1,0,300
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_history)
    assert caught.value.lines() == [
        "history.csv:3: timestamp: local time 2026-03-29 02:15 does not exist in Europe/Berlin (clocks go forward); "
        "give a UTC offset",
        "history.csv:4: timestamp: 03:10:00 is not on a 15-minute interval boundary",
        "history.csv:5: offered: must be >= 0, got -1",
        "history.csv:5: queue: unknown queue 'Hotline' (known: Chat, German voice)",
    ]
    check()


def test_three_bad_parquet_records(centre_engine, tmp_path: Path, unchanged):
    path = tmp_path / "history.parquet"
    stamps = [datetime(2026, 5, 4, 8, 0, tzinfo=UTC) + timedelta(minutes=15 * i) for i in range(4)]
    pl.DataFrame({"queue": ["Chat"] * 4, "timestamp": stamps[:3] + [stamps[0]],
                  "offered": [1, 2, 3, 4], "handled": [1, 2, None, 4],
                  "aht_s": [100.0, float("nan"), 100.0, 100.0]}).write_parquet(path)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_history)
    assert caught.value.lines() == [
        "history.parquet:2: aht_s: not a number: 'NaN'",
        "history.parquet:3: handled: missing value",
        "history.parquet:4: timestamp: duplicate interval 'Chat / 2026-05-04 08:00 UTC' (first on row 1)",
    ]
    check()


def test_sixteen_weeks_of_five_queues_import_in_seconds(centre_engine, tmp_path: Path):
    """~54k rows: 16 weeks x 7 days x 96 intervals x 5 queue-files' worth, here on the test centre's queues."""
    rng = np.random.default_rng(1)
    start = datetime(2026, 1, 5, tzinfo=UTC)
    stamps = pl.datetime_range(start, start + timedelta(weeks=16), "15m", closed="left", time_zone="UTC",
                               eager=True)
    count = len(stamps)
    frames = [pl.DataFrame({"queue": [queue] * count, "timestamp": stamps, "interval_min": [15] * count,
                            "offered": rng.poisson(20, count), "handled": rng.poisson(19, count),
                            "abandoned": rng.poisson(1, count), "aht_s": rng.uniform(200, 400, count)})
              for queue in ("German voice", "Chat")]
    history = pl.concat(frames + [frames[0].with_columns(pl.col("timestamp") + timedelta(weeks=16))] * 1
                        + [frames[1].with_columns(pl.col("timestamp") + timedelta(weeks=16))]
                        + [frames[0].with_columns(pl.col("timestamp") + timedelta(weeks=32))])
    path = tmp_path / "history.parquet"
    history.write_parquet(path)
    began = time.perf_counter()
    result = import_table(centre_engine, read_table(path), import_history)
    elapsed_s = time.perf_counter() - began
    assert result.created == history.height == 5 * count
    with Session(centre_engine) as session:
        assert session.exec(select(func.count()).select_from(History)).one() == history.height
    assert elapsed_s < 10, elapsed_s
