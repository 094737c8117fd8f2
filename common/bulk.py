"""Many rows in few statements: the large writes of the roster and of the player's beats.

bulk_create and bulk_update build model instances and compile SQL for every value of every row,
which dominated both the roster import and a batch of beats; these write values already in
database form, many rows a statement.
"""

import contextlib
from collections.abc import Iterable, Iterator

import psycopg
from django.db import connection


@contextlib.contextmanager
def bound_cursor():
    """A cursor whose statements are prepared once and whose parameters travel apart from them
    on PostgreSQL (Django's own cursor quotes every parameter into the text in Python, which was
    the largest cost of a batch of beats); Django's cursor elsewhere. Errors are Django's."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        yield cursor


def execute(cursor, statement: str, params: list) -> None:
    """cursor.execute, prepared on PostgreSQL (statements of the same text are parsed once)."""
    if connection.vendor == "postgresql":
        cursor.execute(statement, params, prepare=True)
    else:
        cursor.execute(statement, params)


def members(column: str, values: list) -> tuple[str, list]:
    """SQL for `column` being one of `values`, and its parameters. On PostgreSQL one array
    parameter, so the statement's text is the same for any batch and the driver parses it
    once; a list of parameters elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def chunks(rows: list[tuple], width: int) -> Iterator[list[tuple]]:
    """Slices of `rows` whose parameters fit in one statement of this database."""
    size = max(1, (connection.features.max_query_params or 16_000) // width)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_many(model, columns: list[str], rows: list[tuple]) -> None:
    """Multi-row INSERTs of values already in database form.

    bulk_create builds a model instance and compiles SQL for every value of every row: for
    100,000 staff that was most of the import's time, so the large writes of a roster are
    plain multi-row statements (SQLite) or a COPY (PostgreSQL) instead.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's own bulk load; psycopg streams the rows without building SQL.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    execute_values(
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {{values}}",
        "(" + ", ".join(["%s"] * len(columns)) + ")",
        rows,
    )


def execute_values(statement: str, row_marks: str, rows: list[tuple]) -> None:
    """Run `statement` with as many rows of `row_marks` in its {values} as fit in one."""
    with connection.cursor() as cursor:
        for chunk in chunks(rows, len(rows[0]) if rows else 1):
            cursor.execute(
                statement.format(values=", ".join([row_marks] * len(chunk))),
                [value for row in chunk for value in row],
            )


def update_many(model, objects: list, fields: Iterable[str]) -> None:
    """Each object's `fields` written back, many rows a statement.

    PostgreSQL: UPDATE ... FROM unnest(one array per column), a statement whose text is the same
    for any number of rows, so the driver and the server parse it once. SQLite: UPDATE ... FROM
    (VALUES ...), whose columns are named column1, column2... The casts give PostgreSQL the
    types it cannot infer from parameters (e.g. a NULL department).
    """
    if not objects:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [model._meta.pk] + [model._meta.get_field(name) for name in sorted(fields)]
    rows = prepared_rows(objects, columns)
    where = f"WHERE {table}.{quote(model._meta.pk.column)} = v.column1"
    if connection.vendor == "postgresql":
        names = ", ".join(f"column{index}" for index in range(1, len(columns) + 1))
        arrays = ", ".join(f"CAST(%s AS {column.cast_db_type(connection)}[])" for column in columns)
        with bound_cursor() as cursor:
            execute(
                cursor,
                f"UPDATE {table} SET {assignments(columns)} "
                f"FROM unnest({arrays}) AS v({names}) {where}",
                [list(values) for values in zip(*rows, strict=True)],
            )
        return
    execute_values(
        f"UPDATE {table} SET {assignments(columns)} FROM (VALUES {{values}}) AS v {where}",
        "("
        + ", ".join(f"CAST(%s AS {column.cast_db_type(connection)})" for column in columns)
        + ")",
        rows,
    )


def assignments(columns: list) -> str:
    """SET a = v.column2, b = v.column3...: the first column is the primary key."""
    quote = connection.ops.quote_name
    return ", ".join(
        f"{quote(column.column)} = v.column{index}"
        for index, column in enumerate(columns[1:], start=2)
    )


def prepared_rows(objects: list, columns: list) -> list[tuple]:
    """Each object's values of `columns`, in the form the database takes them."""
    return [
        tuple(
            column.get_db_prep_save(getattr(instance, column.attname), connection)
            for column in columns
        )
        for instance in objects
    ]


def insert_objects(model, objects: list, fields: list[str]) -> None:
    """Unsaved instances written with insert_many: `fields` of each, prepared for the database."""
    insert_many(model, fields, prepared_rows(objects, [model._meta.get_field(f) for f in fields]))
