"""Skills in the Wagtail admin (quizzes, lesson ↔ skill tags) and the quiz on lesson pages."""

from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LessonSkill, Quiz, Skill
from .quiz_views import final_tests, quiz_section_context, quizzes_for_lesson
from .skill_picker import SkillPicker

# Every admin form that picks a skill (a quiz's questions, a lesson's skills) groups and filters.
register_form_field_override(models.ForeignKey, to=Skill, override={"widget": SkillPicker})


def publication(quiz: Quiz) -> str:
    return gettext("公開") if quiz.active else gettext("非公開")


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "list-ul"
    menu_label = _("テスト")
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "title",
        "lesson",
        "course",
        "pass_mark",
        "attempt_limit",
        Column("active", label=_("公開"), accessor=publication, sort_key="active"),
    ]
    list_filter = ["active"]
    search_fields = ["title"]


class LessonSkillViewSet(SnippetViewSet):
    model = LessonSkill
    icon = "tag"
    menu_label = _("レッスンのスキル")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["lesson", "skill", "level"]


register_snippet(QuizViewSet)
register_snippet(LessonSkillViewSet)


def quiz_sections(request, quizzes) -> SafeString | str:
    if request is None or not request.user.is_authenticated:
        return ""
    # Each part is a rendered template, so already escaped where needed.
    return mark_safe(
        "".join(
            render_to_string(
                "skills/includes/quiz_section.html", quiz_section_context(request, quiz), request
            )
            for quiz in quizzes
        )
    )


@hooks.register("lesson_page_sections")
def lesson_quiz_sections(request, lesson) -> SafeString | str:
    return quiz_sections(request, quizzes_for_lesson(lesson))


@hooks.register("course_page_sections")
def final_test_sections(request, course) -> SafeString | str:
    return quiz_sections(request, final_tests(course))
