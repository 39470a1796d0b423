import pytest

from tests.scheduler.services.centre import build_centre


@pytest.fixture
def centre(tmp_path):
    return build_centre(tmp_path / "t.sqlite")
