"""A report row's figures as table cells: {% load training_reports %}{% figure_cells figures %}.

Withheld figures become 秘匿 cells, never numbers; a rate that would reveal one is withheld too;
a rate over nobody is "—". The export writes the same cells (report_export.figure_cells)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..reports import FIGURES, Figures

register = template.Library()


def texts(figures: Figures) -> list[str | None]:
    """The cells' texts; None for a withheld figure."""
    found: list[str | None] = [
        None if getattr(figures, name) is None else f"{getattr(figures, name):,}"
        for name in FIGURES
    ]
    rate = figures.completion_rate
    if figures.rate_withheld:
        found.append(None)
    else:
        found.append("—" if rate is None else f"{rate * 100:.1f}%")
    return found


@register.simple_tag
def figure_cells(figures: Figures) -> SafeString:
    withheld = format_html('<td class="is-suppressed">{}</td>', _("秘匿"))
    return format_html_join(
        "",
        "{}",
        (
            (withheld if text is None else format_html("<td>{}</td>", text),)
            for text in texts(figures)
        ),
    )


@register.filter
def status_on(assignee, day) -> str:
    """The assignee's status key on the report's day (Assignee.status_on)."""
    return assignee.status_on(day)


@register.filter
def label_of(labels: dict, key: str) -> str:
    return labels.get(key, "")
