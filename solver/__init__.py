"""The CP-SAT shift-planning model: frozen dataclasses in (`Problem`), frozen dataclasses out (`Plan`).

Pure: imports ortools, numpy and the standard library only; never storage, UI or dataframes.
"""
