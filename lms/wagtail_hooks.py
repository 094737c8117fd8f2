"""The Wagtail admin's chrome for our users: no links to Wagtail's own help, which is in English."""

from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_wagtail_help(request, menu_items: list) -> None:
    # The Help menu holds "What's new in Wagtail", Wagtail's Editor Guide (English pages outside
    # this closed network) and the shortcuts list; shortcuts stay available with "?".
    menu_items[:] = [item for item in menu_items if item.name != "help"]
