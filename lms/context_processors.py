from organisation.roles import can_use_admin, can_view_portfolio


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_use_admin": False, "can_view_portfolio": False}
    return {"can_use_admin": can_use_admin(user), "can_view_portfolio": can_view_portfolio(user)}
