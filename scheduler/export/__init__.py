"""Views of a stored plan for other tools: iCalendar rosters for agents, CSV/Parquet tables for payroll."""
