"""Every queue colour of the plan view is one Rich can draw (a centre with five queues crashed on 'cyan4')."""

from rich.color import Color

from scheduler.tui.widgets.roster_view import QUEUE_COLOURS, queue_style


def test_every_queue_colour_parses():
    for name in QUEUE_COLOURS:
        Color.parse(name)
    for queue_id in range(2 * len(QUEUE_COLOURS)):
        assert queue_style(queue_id).bgcolor is not None
