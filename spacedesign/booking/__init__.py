"""Consultation booking for the desk: rooms from a scenario, slots, bookings that never collide.

Modules
-------
slots      pure rules: weekly windows, closures (Japanese holidays + admin table), checks
vocab      code lists (statuses, modes, company sizes, JSIC industries, topics, needs)
rooms      bookable rooms of a plan (capacity, wheelchair usability)
models     SQLAlchemy 2 models; ``migrations/`` holds the Alembic schema history
db         database location (SQLite by default, PostgreSQL by URL), engines, migrations
store      :class:`~spacedesign.booking.store.BookingStore`: every change is one transaction
ics        iCalendar files and feeds (Asia/Tokyo)
auth       argon2id passwords, API tokens, signed session cookies, CSRF tokens
web        FastAPI app (``api`` JSON routes, ``pages`` server-rendered HTML, ja/en)
demo       the trial schedule of ``spacedesign booking init --demo``

No overlap is guaranteed by the database itself: unique slot claims on SQLite, exclusion
constraints on PostgreSQL (see :mod:`spacedesign.booking.store`). Optional dependencies come
from the ``web`` extra; import the submodules you need.
"""
