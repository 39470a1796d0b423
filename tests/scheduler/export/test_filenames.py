"""File names from agent codes: safe characters only, never outside the target, never two agents in one file."""

from __future__ import annotations

import pytest

from scheduler.export.errors import ExportError
from scheduler.export.events import uid_token
from scheduler.export.filenames import inside, slugify, unique_stems


@pytest.mark.parametrize(
    ("code", "slug"),
    [
        ("MS-014", "MS-014"), ("Noël Zoë", "Noel-Zoe"), ("../../etc/passwd", "etc-passwd"), ("..", "agent-7"),
        (".hidden", "hidden"), ("a\\b", "a-b"), ("nul\0byte", "nul-byte"), ("CON", "CON-agent-7"),
        ("日本", "agent-7"), ("", "agent-7"),
    ],
)
def test_slugify_keeps_only_safe_ascii(code, slug):
    assert slugify(code, fallback="agent-7") == slug


def test_slugs_are_bounded_in_length():
    assert len(slugify("x" * 1000, fallback="f")) == 80


def test_codes_that_slugify_alike_get_distinct_stems():
    stems = unique_stems({1: "a/b", 2: "a-b", 3: "A-B", 4: "c", 5: "a-b-1"})
    assert len({stem.lower() for stem in stems.values()}) == 5
    assert stems[4] == "c"


@pytest.mark.parametrize("name", ["..", ".", "", "../x.ics", "a/b.ics", "a\\b.ics", "a\0.ics", ".ics"])
def test_inside_refuses_names_that_could_leave_the_directory(tmp_path, name):
    with pytest.raises(ExportError):
        inside(tmp_path, name)


def test_inside_refuses_a_symlink_out_of_the_directory(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link.ics").symlink_to(tmp_path / "elsewhere.ics")
    with pytest.raises(ExportError, match="would leave"):
        inside(tmp_path / "out", "link.ics")


def test_uid_tokens_are_injective_and_safe():
    codes = ["a/b", "a%2Fb", "a b", "Zoë", "a\nb", "a;b"]
    tokens = [uid_token(code) for code in codes]
    assert len(set(tokens)) == len(codes)
    assert all(ch.isascii() and ch not in "/\\;,\n @" for token in tokens for ch in token)
