"""Small helpers for raw SQL that behaves alike on SQLite and PostgreSQL."""

from decimal import Decimal


def summed_decimal(value) -> Decimal:
    """A SUM over a decimal column as a Decimal (0 for no rows). SQLite gives an int or
    a float, PostgreSQL a Decimal."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    return Decimal(value)


def execute_all(connection, statements) -> None:
    """Run each statement in turn (schema SQL: triggers, functions, indexes)."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def sqlite_triggers_present(connection, names) -> bool:
    """Whether every trigger of `names` exists (SQLite: a table remake drops them)."""
    names = tuple(names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            f"AND name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return cursor.fetchone()[0] == len(names)
