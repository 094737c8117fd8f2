"""Rating a lesson: "役に立った" on five points and an optional comment, one per person, changeable.

Only a person who may view a published lesson rates it (`courses.access.may_view`); the rating is
always the signed-in person's own, whatever the request names.
"""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from courses.access import may_view
from courses.models import LessonPage

from .models import COMMENT_MAX_LENGTH, LessonRating

# Each point says what it means, so that a screen reader reads more than a number.
SCORE_LABELS = {
    1: _("まったく役に立たなかった"),
    2: _("あまり役に立たなかった"),
    3: _("どちらともいえない"),
    4: _("役に立った"),
    5: _("とても役に立った"),
}


class TextAreaField(forms.CharField):
    """Text typed in a textarea: browsers send line breaks as CRLF but count them as one
    character against `maxlength`, so they are counted as one here too."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=list(SCORE_LABELS.items()),
        coerce=int,
        error_messages={
            "required": _("役に立った度合いを1から5の中から選んでください。"),
            "invalid_choice": _("役に立った度合いを1から5の中から選んでください。"),
        },
    )
    comment = TextAreaField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "コメントは%(limit_value)d文字までにしてください（今は%(show_value)d文字です）。"
            )
        },
    )


def may_rate(request: HttpRequest, lesson: LessonPage) -> bool:
    return request.user.is_authenticated and lesson.live and may_view(request, lesson)


def rating_of(lesson: LessonPage, user) -> LessonRating | None:
    return LessonRating.objects.filter(lesson=lesson, user=user).first()


def rate(lesson: LessonPage, user, score: int, comment: str) -> LessonRating:
    """Record or change `user`'s rating of `lesson`."""
    rating, _created = LessonRating.objects.update_or_create(
        lesson=lesson, user=user, defaults={"score": score, "comment": comment}
    )
    return rating


def form_for(rating: LessonRating | None) -> RatingForm:
    """The form as the person left it: their rating, if any, filled in."""
    initial = {"score": rating.score, "comment": rating.comment} if rating else {}
    return RatingForm(initial=initial)
