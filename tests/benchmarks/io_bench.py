"""Import speed: the bulk history importer against row-by-row ORM inserts of the same rows, and the time to
store a 1,500-agent generated centre.

    cd /work/wt-io && .venv/bin/python tests/benchmarks/io_bench.py [--agents 1500] [--weeks 16]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from scheduler.io.centre import CentreSource, load_centre
from scheduler.io.generator import GeneratorSettings, generate_centre
from scheduler.io.history import import_history
from scheduler.storage.database import open_database, session_scope
from scheduler.storage.models import History, Queue


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=1500)
    parser.add_argument("--weeks", type=int, default=16)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    began = time.perf_counter()
    centre = generate_centre(GeneratorSettings(agents=args.agents, queues=5, sites=2, weeks=args.weeks, seed=1))
    generate_s = time.perf_counter() - began
    source = centre.source()
    without_history = CentreSource(source.config, {k: v for k, v in source.tables.items() if k != "history"})

    engines = []
    for name in ("bulk", "orm"):
        engine = open_database(f"sqlite:///{folder / name}.sqlite")
        with session_scope(engine) as session:
            load_centre(session, without_history)
        engines.append(engine)

    began = time.perf_counter()
    with session_scope(engines[0]) as session:
        result = import_history(session, source.tables["history"])
    bulk_s = time.perf_counter() - began

    began = time.perf_counter()
    with session_scope(engines[1]) as session:  # the naive peer: one ORM object per row, no validation
        queue_ids = {queue.name: queue.id for queue in session.exec(select(Queue)).all()}
        for row in centre.history.iter_rows(named=True):
            session.add(History(queue_id=queue_ids[row["queue"]], interval_start_utc=row["timestamp"],
                                interval_min=row["interval_min"], offered=row["offered"], handled=row["handled"],
                                abandoned=row["abandoned"], aht_s=row["aht_s"]))
    orm_s = time.perf_counter() - began

    engine = open_database(f"sqlite:///{folder / 'centre'}.sqlite")
    began = time.perf_counter()
    with session_scope(engine) as session:
        summary = load_centre(session, source)
    store_s = time.perf_counter() - began

    print(f"history rows: {result.created}")
    print(f"validated bulk import: {bulk_s:.2f} s; row-by-row ORM insert (no validation): {orm_s:.2f} s; "
          f"ratio ORM/bulk = {orm_s / bulk_s:.1f}x")
    print(f"generate {args.agents} agents x {args.weeks} weeks: {generate_s:.2f} s; store whole centre: "
          f"{store_s:.2f} s ({summary.describe()})")


if __name__ == "__main__":
    main()
