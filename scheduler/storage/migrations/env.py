"""Alembic environment: runs on the engine the scheduler opened, never on a URL from an ini file."""

from alembic import context
from sqlmodel import SQLModel

import scheduler.storage.models  # noqa: F401

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
