"""Whose staff an HR analyst may import and export.

The rule belongs to the organisation's one module of who may see and change what (issue 12,
finding 2); the roster asks it only through this function.
"""


def municipalities_in_scope(user) -> set[int] | None:
    """The municipalities an HR analyst may import or export; None means all of them."""
    if user.is_superuser:
        return None
    scope = getattr(user, "hr_scope", None)
    if scope is None or scope.covers_all:
        return None
    return {scope.municipality_id}
