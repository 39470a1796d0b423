import pytest

from tests.scheduler.services.centre import build_centre, copy_centre


@pytest.fixture(scope="session")
def service_centre_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("centre") / "t.sqlite"
    centre = build_centre(path)
    centre.engine.dispose()
    return path, centre


@pytest.fixture
def centre(tmp_path, service_centre_template):
    return copy_centre(*service_centre_template, tmp_path / "t.sqlite")
