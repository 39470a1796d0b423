"""The demo centre committed in `data/demo/`: what `scheduler demo` loads into an empty database.

The folder is exactly `generate_centre(DEMO)` written with `--out` (a test keeps it so); it is found
beside the package in the repository checkout (the project is installed editable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import func, select

from scheduler.io.centre import CentreCounts, load_centre, read_centre_folder
from scheduler.storage.database import session_scope
from scheduler.storage.models import Agent, Queue, Site

DEMO_FOLDER = Path(__file__).resolve().parents[2] / "data" / "demo"


class DemoError(RuntimeError):
    """The demo cannot be loaded; the message says why and what to do."""


@dataclass(frozen=True)
class DemoLoadSummary:
    folder: Path
    name: str
    plan_start: date
    counts: CentreCounts

    def describe(self) -> str:
        return f"loaded {self.name} from {self.folder}: {self.counts.describe()}; plan from {self.plan_start}"


def load_demo(engine: Engine, folder: Path | None = None) -> DemoLoadSummary:
    """Load the demo centre into an empty database, in one transaction.

    Raises DemoError when the folder is missing or the database already holds a centre (sites, queues
    or agents), so a planner's data is never mixed with demo data.
    """
    folder = folder or DEMO_FOLDER
    if not (folder / "centre.toml").is_file():
        raise DemoError(f"the demo centre is missing: no {folder / 'centre.toml'}. It ships in the repository's "
                        "data/demo folder; recreate it with `scheduler generate --out data/demo` "
                        "(default arguments) from a checkout.")
    with session_scope(engine) as session:
        held = {label: session.exec(select(func.count()).select_from(model)).one()
                for label, model in (("sites", Site), ("queues", Queue), ("agents", Agent))}
        if any(held.values()):
            raise DemoError("the database already holds a centre ("
                            + ", ".join(f"{count} {label}" for label, count in held.items())
                            + "); load the demo into an empty database, e.g. --db demo.sqlite")
        summary = load_centre(session, read_centre_folder(folder))
    return DemoLoadSummary(folder, summary.name, summary.plan_start, summary.counts)
