"""Choosing a skill in the admin: a select grouped by framework and category, with a filter box.

A plain <select> keeps the keyboard behaviour people know (arrow keys, type-ahead); the box above
it hides the options whose code or name does not contain what was typed (skill_picker.js).
"""

from itertools import groupby

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models.frameworks import Skill


def grouped_skills() -> list[tuple[str, list[tuple[int, str]]]]:
    """Skills as (framework — category, [(id, code name)]) in the frameworks' order, one query."""
    skills = Skill.objects.select_related("category__framework")
    return [
        (label, [(skill.pk, f"{skill.code} {skill.name}") for skill in group])
        for label, group in groupby(
            skills, key=lambda skill: f"{skill.category.framework.name} — {skill.category.name}"
        )
    ]


class SkillPicker(forms.Select):
    class Media:
        js = ["skills/skill_picker.js"]

    def optgroups(self, name, value, attrs=None):
        # The field's own choices are flat; the same skills, grouped, are read here in one query.
        self.choices = [("", "---------"), *grouped_skills()]
        return super().optgroups(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id", "")
        return format_html(
            '<div class="skill-picker">'
            '<input type="search" class="skill-picker-filter" id="{}-filter" '
            'aria-controls="{}" aria-label="{}" placeholder="{}" autocomplete="off">'
            '<p class="skill-picker-count help" data-format="{}" aria-live="polite"></p>{}</div>',
            select_id,
            select_id,
            _("スキルをコードか名前で絞り込む"),
            _("スキルを絞り込む（例: GC1、クラウド）"),
            _("__n__ 件が該当します"),
            select,
        )
