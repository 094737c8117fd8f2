"""Page-tree rules and admin editing, with Wagtail's own page test helpers."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, CoursePage, LessonPage
from demo.catalogue import site_root
from tests.factories import make_course, make_lesson


class CataloguePageRules(WagtailPageTestCase):
    def setUp(self):
        self.index = site_root()
        self.course = make_course(self.index)
        self.lesson = make_lesson(self.course, summary="IAM の基本")
        self.user = self.login()

    def test_courses_live_only_in_a_course_index_and_lessons_only_in_a_course(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)

    def test_an_officer_can_create_a_lesson_through_the_admin_form(self):
        data = nested_form_data(
            {
                "title": "コスト管理の基本",
                "slug": "cost-basics",
                "summary": "予算アラートの設定",
                "duration": 360,
                "body": streamfield([("paragraph", rich_text("<p>本文</p>"))]),
            }
        )
        self.assertCanCreate(self.course, LessonPage, data)

    def test_pages_are_for_signed_in_staff_only(self):
        self.client.logout()
        self.assertEqual(self.client.get(self.lesson.url).status_code, 302)

    def test_every_page_type_renders_and_opens_in_the_editor(self):
        for page in (self.index, self.course, self.lesson):
            self.assertPageIsRenderable(page, user=self.user)
        # The lesson's StreamField editor is exercised by the creation test above.
        for page in (self.index, self.course):
            self.assertPageIsEditable(page)
