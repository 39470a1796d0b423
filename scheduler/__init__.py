"""The application: storage, import, forecast, staffing, planning, CLI, TUI and export."""

__version__ = "0.1.0"
