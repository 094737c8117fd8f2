from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def level(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.simple_tag
def cell_text(cell: dict, indicator: str) -> str:
    """What a heatmap cell shows: the chosen figure, 秘匿 when withheld, — when there is none."""
    if cell["suppressed"]:
        return _("秘匿")
    if indicator == "target":
        return percent(cell["at_target"])
    return level(cell["mean_level"])
