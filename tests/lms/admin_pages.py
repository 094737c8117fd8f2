"""The main Wagtail admin pages a training officer works in, with the data each needs to show."""

from tests.factories import make_course, make_lesson
from tests.skills.factories import QuestionFactory, QuizFactory


def officer_admin_pages(course_index) -> list[str]:
    course = make_course(course_index)
    lesson = make_lesson(course)
    quiz = QuizFactory(lesson=lesson)
    QuestionFactory(quiz=quiz)
    return [
        "/admin/",
        f"/admin/pages/{course_index.pk}/",
        f"/admin/pages/{course.pk}/",
        f"/admin/pages/{lesson.pk}/edit/",
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        "/admin/pages/search/?q=クラウド",
        "/admin/snippets/skills/quiz/",
        "/admin/snippets/skills/quiz/add/",
        f"/admin/snippets/skills/quiz/edit/{quiz.pk}/",
        "/admin/snippets/skills/lessonskill/",
        "/admin/snippets/skills/lessonskill/add/",
        "/admin/videos/",
        "/admin/videos/new/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/account/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
    ]
