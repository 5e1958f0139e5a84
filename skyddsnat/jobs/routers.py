"""The job queue lives in PostgreSQL only: procrastinate's migrations are PostgreSQL SQL (functions,
triggers, enums), so on any other database (the demo's SQLite) they are recorded as applied but run
nothing, and no worker is started there."""

from typing import Any

from django.db import connections

QUEUE_APP = "procrastinate"


class QueueOnPostgresOnly:
    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if app_label == QUEUE_APP and connections[db].vendor != "postgresql":
            return False
        return None
