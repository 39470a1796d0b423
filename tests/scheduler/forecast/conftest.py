"""Fixtures of the forecast tests."""

import pytest

from tests.scheduler.forecast.synthetic import make_history


@pytest.fixture
def history_factory():
    return make_history
