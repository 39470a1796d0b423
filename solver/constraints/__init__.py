"""One module per rule family; each public `add_<rule>(ctx) -> list[Penalty]`."""
