"""Persistence: the SQLModel domain model, the engine, migrations and transactions."""
