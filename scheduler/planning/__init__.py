"""Planning: the problem builder (the only ORM-to-solver translation), solve, check, evaluate, store."""
