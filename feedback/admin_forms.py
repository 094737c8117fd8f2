"""The survey's form in the Wagtail admin: answers already given are never lost to an edit.

Deleting a question that has answers would delete them with it, and changing its form of answer
or its options would make them mean something else; the form refuses both, in one sentence, and
the officer can make a new survey instead.
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import SurveyAnswer

GUARDED_FIELDS = {"kind", "choices"}


class SurveyAdminForm(WagtailAdminModelForm):
    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        for message in self.answer_changing_edits():
            self.add_error(None, message)
        return not self.errors

    def answer_changing_edits(self) -> list[str]:
        if self.instance.pk is None:
            return []
        answered = set(
            SurveyAnswer.objects.filter(question__survey=self.instance).values_list(
                "question_id", flat=True
            )
        )
        problems = []
        for form in self.formsets["questions"].forms:
            question = form.instance
            if question.pk not in answered:
                continue
            if form.cleaned_data.get("DELETE"):
                problems.append(
                    _("回答がある質問「%(question)s」は削除できません。")
                    % {"question": question.text}
                )
            elif GUARDED_FIELDS & set(form.changed_data):
                problems.append(
                    _(
                        "回答がある質問「%(question)s」の回答の形式と選択肢は変えられません。"
                        "新しいアンケートを作ってください。"
                    )
                    % {"question": question.text}
                )
        return problems
