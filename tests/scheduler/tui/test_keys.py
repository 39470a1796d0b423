"""Key bindings are data with stable ids; a user keymap remaps them; the CLI starts without Textual."""

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from scheduler.tui import keys
from tests.scheduler.tui.conftest import run, wait_until


def test_every_binding_has_a_unique_dotted_id():
    ids = [b.id for b in keys.ALL]
    assert all(i and "." in i for i in ids)
    assert len(ids) == len(set(ids))


def test_keymap_file(tmp_path):
    path = tmp_path / "keymap.toml"
    assert keys.load_keymap(path) == {}
    path.write_text('"app.quit" = "ctrl+c"\n[plan]\nlock = "k"\n')
    assert keys.load_keymap(path) == {"plan.lock": "k", "app.quit": "ctrl+c"}
    path.write_text('[plan]\nlok = "k"\n')
    with pytest.raises(keys.KeymapError, match="unknown binding id 'plan.lok'"):
        keys.load_keymap(path)
    path.write_text('[plan\n')
    with pytest.raises(keys.KeymapError, match="keymap.toml: cannot read"):
        keys.load_keymap(path)


def test_remapped_key_switches_screen(make_app):
    async def scenario():
        app = make_app(keymap={"app.plan": "g"})
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("g")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "PlanScreen")
            assert "g Plan" in str(app.screen.query_one("#mode-bar").render())
    run(scenario())


def test_cli_command_reports_a_bad_database_without_traceback(tmp_path):
    from scheduler.cli import tui

    app = typer.Typer()
    app.command("tui")(tui.command)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["tui", "--db", "notadriver://x"])
    assert result.exit_code == 1 and "error:" in result.output and "Traceback" not in result.output


def test_importing_the_command_does_not_load_textual():
    services = ["agents", "availability", "plans", "roster", "shift_edits", "staffing_view"]
    code = ("import sys, scheduler.cli.tui, scheduler.planning.api; "
            + "; ".join(f"import scheduler.services.{name}" for name in services)
            + "; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_broken_database_gives_notifications_not_tracebacks(tmp_path):
    from sqlmodel import create_engine

    from tests.scheduler.tui.conftest import RecordingApp

    engine = create_engine("sqlite:///" + str(tmp_path / "empty.sqlite"))  # no schema: every query fails

    async def scenario():
        app = RecordingApp(engine, keymap={})
        async with app.run_test(size=(100, 30)) as pilot:
            for key in ("a", "5"):
                await pilot.press(key)
                await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert any(m.startswith("Loading agents:") and "no such table" in m for m in messages)
            assert any(m.startswith("Opening the agent form:") for m in messages)
            assert any(m.startswith("Loading plans:") for m in messages)
            assert app.is_running
    run(scenario())


def test_escape_leaves_a_field_so_screen_keys_work_again(make_app):
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("slash", "x", "escape", "5")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "PlanScreen")
    run(scenario())
