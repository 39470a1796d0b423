"""One screen per file: agents, availability, staffing, solve, plan, and the agent form dialog."""
