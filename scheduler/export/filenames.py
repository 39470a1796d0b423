"""File names derived from agent codes that can never leave the target directory, whatever the code holds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from scheduler.export.errors import ExportError

MAX_STEM_CHARS = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str, *, fallback: str) -> str:
    """ASCII letters, digits, `_` and `-` only: no separators, dots, NUL or control characters survive."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("-", ascii_text).strip("-_")[:MAX_STEM_CHARS].strip("-_")
    if not slug:
        return fallback
    if slug.lower() in _WINDOWS_RESERVED:
        return f"{slug}-{fallback}"
    return slug


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refusing any name that would resolve elsewhere (defence in depth behind slugify)."""
    if not name or name in {".", ".."} or any(ch in name for ch in "/\\\0") or name.startswith("."):
        raise ExportError(f"refusing unsafe output file name {name!r}")
    root = directory.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise ExportError(f"refusing output file {name!r}: it would leave {root}")
    return path


def unique_stems(codes: dict[int, str]) -> dict[int, str]:
    """A distinct file stem per agent id; codes that slugify alike get their id appended."""
    stems = {agent_id: slugify(code, fallback=f"agent-{agent_id}") for agent_id, code in codes.items()}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.lower()] = counts.get(stem.lower(), 0) + 1
    named = {
        agent_id: stem if counts[stem.lower()] == 1 else f"{stem}-{agent_id}"
        for agent_id, stem in stems.items()
    }
    seen: set[str] = set()
    for agent_id in sorted(named):
        if named[agent_id].lower() in seen:
            named[agent_id] = f"agent-{agent_id}"
        seen.add(named[agent_id].lower())
    return named
