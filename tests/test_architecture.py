"""The architecture as a test: import boundaries (import-linter contracts in pyproject.toml) and hygiene."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run(
        [lint, "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=REPO, capture_output=True, text=True,
        env={"PYTHONPATH": str(REPO), "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module", ["scheduler.cli.main", "solver", "ext"])
def test_batch_entry_points_do_not_load_the_tui(module):
    """`scheduler solve` and friends must start without importing Textual."""
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_a_missing_kernel_names_the_build_command(monkeypatch):
    import ext

    monkeypatch.setattr(ext, "COMPILED", ext.COMPILED + ("never_built",))
    with pytest.raises(ext.KernelNotBuiltError, match=r"pip install -e \."):
        from ext import never_built  # noqa: F401
