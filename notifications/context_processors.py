from functools import partial

from .notices import unread_count


def notices(request) -> dict:
    """The unread count in the site header; counted only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notice_count": 0}
    return {"unread_notice_count": partial(unread_count, user)}
