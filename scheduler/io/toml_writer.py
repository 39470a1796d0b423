"""A TOML writer for the centre file's shape (tables, arrays of tables, scalars, lists, inline tables).

The standard library reads TOML but cannot write it; this covers exactly what `centre.toml` holds, and the
round-trip test reads every file it writes back with `tomllib`.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key)


def _body(table: dict[str, Any]) -> list[str]:
    return [f"{_key(key)} = {_value(value)}" for key, value in table.items() if value is not None]


def dumps(document: dict[str, Any], header: str = "") -> str:
    """Top-level keys must map to a table (dict) or an array of tables (list of dicts); None values are left out."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for name, content in document.items():
        if isinstance(content, dict):
            lines += ["", f"[{_key(name)}]", *_body(content)]
        else:
            for entry in content:
                lines += ["", f"[[{_key(name)}]]", *_body(entry)]
    return "\n".join(lines).lstrip("\n") + "\n"
