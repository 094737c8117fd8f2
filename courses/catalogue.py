"""Where a new course goes: the existing course catalogue, never a page tree made for it.

Production code takes the site as the administrator built it. It adds courses under a
CourseIndexPage that already exists and never moves a Site or renames or deletes a page; setting
up a site is the demo's business (demo.site), and only on an empty one.
"""

from django.utils.translation import gettext as _
from wagtail.models import Site

from .models import CourseIndexPage


class NoCatalogue(Exception):
    """There is no course catalogue to put a new course in; str() is one Japanese sentence."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "講座一覧のページがないため新しい講座を作れません（管理画面で講座一覧を作ってから"
                "やり直してください）。"
            )
        )


def catalogue() -> CourseIndexPage | None:
    """The catalogue under the default site (its root or below), else the first by path."""
    indexes = CourseIndexPage.objects.order_by("path")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        in_site = indexes.descendant_of(site.root_page, inclusive=True).first()
        if in_site is not None:
            return in_site
    return indexes.first()


def require_catalogue() -> CourseIndexPage:
    found = catalogue()
    if found is None:
        raise NoCatalogue
    return found
