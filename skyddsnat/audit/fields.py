"""A list of record ids on one audit entry: the persons (or cases) a list page showed.

PostgreSQL stores it as `bigint[]` (searched with `&&` through a GIN index, migration
0004_hash_chain); SQLite, which has no arrays, stores the same list as JSON text and searches it
with `json_each`. The `overlaps` lookup hides the difference from the selectors.
"""

import json
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler


class IdListField(models.Field):
    description = "A list of record ids"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return "bigint[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        ids = [int(v) for v in value]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def from_db_value(
        self, value: Any, expression: Expression, connection: BaseDatabaseWrapper
    ) -> list[int] | None:
        if value is None:
            return None
        if isinstance(value, str):
            return [int(v) for v in json.loads(value)]
        return [int(v) for v in value]

    def to_python(self, value: Any) -> list[int] | None:
        if value is None or isinstance(value, list):
            return value
        return [int(v) for v in json.loads(value)]


@IdListField.register_lookup
class Overlaps(Lookup):
    """`person_ids__overlaps=[1, 2]`: the list holds at least one of the ids."""

    lookup_name = "overlaps"

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        ids = [int(v) for v in value]
        return ("%s", [ids if connection.vendor == "postgresql" else json.dumps(ids)])

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} && {rhs}::bigint[]", [*lhs_params, *rhs_params]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # Column and placeholder come from the compiler; the ids travel as a parameter.
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) AS shown "  # noqa: S608
            f"WHERE shown.value IN (SELECT value FROM json_each({rhs})))"
        )
        return sql, [*lhs_params, *rhs_params]
