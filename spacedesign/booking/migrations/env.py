"""Alembic environment of the booking store (shipped inside the package).

Run through :func:`spacedesign.booking.db.upgrade`, which passes an open connection in
``config.attributes["connection"]``; ``alembic -x url=...`` works too for manual use.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from spacedesign.booking.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the connection given by the caller (or from ``-x url=``)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(str(url))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
