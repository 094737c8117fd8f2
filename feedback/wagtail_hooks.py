"""Feedback in the Wagtail admin (surveys, a menu link to the results) and the rating on
lesson pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import access, ratings
from .admin_forms import SurveyAdminForm
from .models import Survey


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("研修アンケート")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["title", "course", "active"]
    list_filter = ["active"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("title"),
            FieldPanel("intro"),
            FieldPanel("active"),
            InlinePanel("questions", heading=_("質問"), label=_("質問"), min_num=1),
        ],
        base_form_class=SurveyAdminForm,
    )


register_snippet(SurveyViewSet)


class ResultsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return access.may_read_results(request.user)


@hooks.register("register_admin_menu_item")
def results_menu_item() -> MenuItem:
    return ResultsMenuItem(
        _("評価・アンケートの集計"), reverse("feedback_results"), icon_name="table", order=330
    )


@hooks.register("lesson_page_sections")
def rating_section(request, lesson) -> SafeString | str:
    if request is None or not ratings.may_rate(request, lesson):
        return ""
    rating = ratings.rating_of(lesson, request.user)
    context = {"lesson": lesson, "rating": rating, "form": ratings.form_for(rating)}
    return render_to_string("feedback/includes/lesson_rating.html", context, request=request)
