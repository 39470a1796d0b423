"""UI-free data functions for the planner's views: queries return frozen dataclasses, each edit is one
transaction. Nothing here imports Textual, so the same functions serve the TUI, tests and scripts."""
