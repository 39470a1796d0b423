"""Shared fixtures: where the read-only benchmark data of ../shared lives."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_BENCHMARKS = REPO.parent / "shared" / "benchmarks"


@pytest.fixture(scope="session")
def shared_benchmarks() -> Path:
    """The ../shared/benchmarks folder beside the checkout; tests that need it skip when it is absent."""
    if not SHARED_BENCHMARKS.is_dir():
        pytest.skip(f"benchmark data not found at {SHARED_BENCHMARKS} (expected ../shared beside the checkout)")
    return SHARED_BENCHMARKS
