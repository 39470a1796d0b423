"""Custom widgets: the availability week grid, the roster (Gantt) view and its coverage strip."""
