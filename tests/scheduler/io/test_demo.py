"""The committed demo centre is the generator's output for the documented arguments, and it loads."""

import tomllib
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlmodel import Session, func, select

from scheduler.io.centre import read_centre_folder
from scheduler.io.demo import DEMO_FOLDER, DemoError, load_demo
from scheduler.io.generator import DEMO, generate_centre
from scheduler.storage.models import Agent, History


def _read(folder: Path) -> dict[str, pl.DataFrame | dict]:
    content: dict[str, pl.DataFrame | dict] = {
        "centre.toml": tomllib.loads((folder / "centre.toml").read_text(encoding="utf-8"))}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            content[path.name] = pl.read_csv(path, infer_schema=False)
        elif path.suffix == ".parquet":
            content[path.name] = pl.read_parquet(path)
    return content


def test_committed_demo_equals_the_generator_output(tmp_path: Path):
    """Regenerate with `scheduler generate --out data/demo` (default arguments = DEMO) after generator changes."""
    assert DEMO_FOLDER.is_dir(), f"missing {DEMO_FOLDER}"
    generate_centre(DEMO).write(tmp_path)
    committed, fresh = _read(DEMO_FOLDER), _read(tmp_path)
    assert sorted(committed) == sorted(fresh) == [
        "agents.csv", "availability.csv", "centre.toml", "history.parquet", "preferences.csv", "skills.csv"]
    assert committed["centre.toml"] == fresh["centre.toml"]
    for name in committed:
        if name != "centre.toml":
            assert_frame_equal(committed[name], fresh[name])


def test_demo_files_round_trip_to_the_in_memory_centre():
    centre = generate_centre(DEMO)
    source = read_centre_folder(DEMO_FOLDER)
    assert source.config == centre.config
    for entity, table in centre.source().tables.items():
        assert_frame_equal(source.tables[entity].frame, table.frame)


def test_load_demo_into_an_empty_database_and_refuse_a_second_time(engine):
    summary = load_demo(engine)
    assert summary.counts.agents == 80 and summary.counts.queues == 5 and summary.counts.sites == 2
    assert summary.plan_start == DEMO.start
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Agent)).one() == 80
        assert session.exec(select(func.count()).select_from(History)).one() == summary.counts.history_intervals
    with pytest.raises(DemoError, match="already holds a centre"):
        load_demo(engine)


def test_missing_demo_folder_is_a_clear_error(engine, tmp_path: Path):
    with pytest.raises(DemoError, match="the demo centre is missing"):
        load_demo(engine, tmp_path / "nothing")
