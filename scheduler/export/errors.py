"""The one failure an export reports to the planner: what was asked and why it cannot be done."""


class ExportError(RuntimeError):
    """A plan, agent or output path cannot be used; the message is one planner-readable line."""
