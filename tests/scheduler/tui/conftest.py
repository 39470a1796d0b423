"""TUI test helpers: a small centre in a temp SQLite file and an app that records the messages posted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from textual.message import Message

from scheduler.tui.app import SchedulerApp
from tests.scheduler.services.centre import build_centre, copy_centre


class RecordingApp(SchedulerApp):
    """The real app, keeping every message that bubbles up to it, so tests can assert on events."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[Message] = []

    async def _on_message(self, message: Message) -> None:
        self.seen.append(message)
        await super()._on_message(message)

    def seen_of(self, kind: type) -> list:
        return [m for m in self.seen if isinstance(m, kind)]


@pytest.fixture(scope="session")
def centre_template(tmp_path_factory):
    """Built (and migrated) once; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("centre") / "t.sqlite"
    centre = build_centre(path)
    centre.engine.dispose()
    return path, centre


@pytest.fixture
def centre(tmp_path, centre_template):
    return copy_centre(*centre_template, tmp_path / "t.sqlite")


@pytest.fixture
def make_app(centre):
    def make(**kwargs) -> RecordingApp:
        kwargs.setdefault("keymap", {})
        return RecordingApp(centre.engine, **kwargs)
    return make


async def wait_until(pilot, predicate: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


def run(coro):
    return asyncio.run(coro)
