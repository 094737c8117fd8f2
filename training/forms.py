"""The assignment form: what to learn, who (audience rules of each kind), from when, by when.

Every value goes through `audience.resolve_rule` with the assigner's scope, the same check the
command uses: a value outside the scope (a posted code, a forged id) is refused, not ignored.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from organisation.access import Scope
from organisation.models import StaffProfile
from skills.models import RoleProfile, Skill

from .assigning import AssignmentError, check_dates
from .audience import AudienceError, Rule, audience, resolve_rule
from .models import AudienceRule, LearningPath

Kind = AudienceRule.Kind
LINES_HELP = _("1行に1つ。")


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class AssignmentForm(forms.Form):
    training = forms.ChoiceField(label=_("受講させる講座・学習パス"))
    title = forms.CharField(
        label=_("研修名"),
        max_length=200,
        required=False,
        help_text=_("空欄なら講座・学習パスの名称になります。"),
    )
    municipalities = forms.MultipleChoiceField(
        label=_("自治体の全職員"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    departments = forms.CharField(
        label=_("所属の職員"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("所属名、または「自治体/所属名」。1行に1つ。"),
    )
    roles = forms.MultipleChoiceField(
        label=_("役割の職員"), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    jobs = forms.MultipleChoiceField(
        label=_("職種の職員"), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    users = forms.CharField(
        label=_("個別に指定する職員"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ユーザー名または職員番号。1行に1つ。"),
    )
    gaps = forms.MultipleChoiceField(
        label=_("スキルが役割の目標に届いていない職員"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_on = forms.DateField(label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(label=_("期限"), widget=forms.DateInput(attrs={"type": "date"}))

    # field → the rule kind its values are
    RULE_FIELDS = {
        "municipalities": Kind.MUNICIPALITY,
        "departments": Kind.DEPARTMENT,
        "roles": Kind.ROLE,
        "jobs": Kind.JOB,
        "users": Kind.USER,
        "gaps": Kind.GAP,
    }

    def __init__(self, scope: Scope, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.rules: list[Rule] = []
        self.fields["training"].choices = [
            (
                _("講座"),
                [(f"course:{c.pk}", c.title) for c in CoursePage.objects.live().order_by("title")],
            ),
            (
                _("学習パス"),
                [(f"path:{p.pk}", p.title) for p in LearningPath.objects.order_by("title")],
            ),
        ]
        self.fields["municipalities"].choices = [
            (m.code, m.name) for m in scope.municipalities().order_by("code")
        ]
        self.fields["roles"].choices = [(r.code, r.name) for r in RoleProfile.objects.all()]
        jobs = (
            scope.within(StaffProfile.objects.filter(active=True))
            .exclude(job_category="")
            .order_by("job_category")
            .values_list("job_category", flat=True)
            .distinct()
        )
        self.fields["jobs"].choices = [(job, job) for job in jobs]
        self.fields["gaps"].choices = [
            (f"{s.category.framework.code}/{s.code}", f"{s.category.framework.name}: {s.name}")
            for s in Skill.objects.select_related("category__framework")
        ]

    def clean_training(self) -> tuple[CoursePage | None, LearningPath | None]:
        kind, _sep, pk = self.cleaned_data["training"].partition(":")
        if kind == "course":
            return CoursePage.objects.live().get(pk=int(pk)), None
        return None, LearningPath.objects.get(pk=int(pk))

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, kind in self.RULE_FIELDS.items():
            values = cleaned.get(name) or []
            for value in lines(values) if isinstance(values, str) else values:
                try:
                    self.rules.append(resolve_rule(kind, value, self.scope))
                except AudienceError as error:
                    self.add_error(name, str(error))
        if not self.rules and not self.errors:
            raise forms.ValidationError(_("対象者を一つ以上指定してください。"))
        if cleaned.get("starts_on") and cleaned.get("due_on"):
            try:
                check_dates(cleaned["starts_on"], cleaned["due_on"])
            except AssignmentError as error:
                self.add_error("due_on", str(error))
        return cleaned

    def audience_size(self) -> int:
        return audience(self.rules, self.scope).count()
