"""Skill frameworks as data: import and export with django-import-export, in CSV or XLSX.

Four kinds of file, told apart by their header row:

- frameworks: `code,name,version,description,source,licence,scale_min,scale_max`
- skills, one row per skill: `framework,category_group,category,category_name,code,name,
  description,level_0 … level_5` (the level columns are the level descriptors, blank if none)
- framework roles: `framework,code,role,name,order` (e.g. DSS-P's 人材類型 and ロール)
- role targets: `role,role_name,framework,skill,target_level` (the role profile is created if new)

Rows are matched on their codes, so importing a file again updates rather than duplicates. An
import is all or nothing: one bad row in any file writes nothing, and each error names its file,
row and reason. The bundled files (skills/data/) are loaded with `import_framework --bundled`.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from common import text_files

from .models import (
    FrameworkRole,
    LevelDescriptor,
    RoleProfile,
    RoleTarget,
    Skill,
    SkillCategory,
    SkillFramework,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_FILES = [
    "frameworks.csv",
    "dss_p.csv",
    "dss_p_roles.csv",
    "dss_l.csv",
    "gov_cloud.csv",
    "role_targets.csv",
]
LEVEL_COLUMNS = [f"level_{level}" for level in range(6)]


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _text(row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _framework(code: str) -> SkillFramework:
    framework = SkillFramework.objects.filter(code=code).first()
    if framework is None:
        raise ValueError(
            _(
                "スキル体系「%(code)s」が登録されていません。先にスキル体系のファイルを読み込んでください。"
            )
            % {"code": code}
        )
    return framework


class FrameworkResource(resources.ModelResource):
    class Meta:
        model = SkillFramework
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "version",
            "description",
            "source",
            "licence",
            "scale_min",
            "scale_max",
        ]
        skip_unchanged = True


class SkillResource(resources.ModelResource):
    """One row a skill, with its framework, category and level descriptors flattened in."""

    framework = fields.Field(column_name="framework")
    category_group = fields.Field(column_name="category_group")
    category = fields.Field(column_name="category")
    category_name = fields.Field(column_name="category_name")
    level_0 = fields.Field(column_name="level_0")
    level_1 = fields.Field(column_name="level_1")
    level_2 = fields.Field(column_name="level_2")
    level_3 = fields.Field(column_name="level_3")
    level_4 = fields.Field(column_name="level_4")
    level_5 = fields.Field(column_name="level_5")

    class Meta:
        model = Skill
        fields = [
            "framework",
            "category_group",
            "category",
            "category_name",
            "code",
            "name",
            "description",
            *LEVEL_COLUMNS,
        ]
        import_id_fields = ["code"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._order: dict[tuple, int] = {}

    def get_queryset(self):
        return (
            Skill.objects.select_related("category__framework")
            .prefetch_related("levels")
            .order_by("category__framework__code", "category__order", "order", "code")
        )

    def get_instance(self, instance_loader, row):
        return Skill.objects.filter(
            category__framework__code=_text(row, "framework"),
            category__code=_text(row, "category"),
            code=_text(row, "code"),
        ).first()

    def _next(self, key: tuple) -> int:
        self._order[key] = self._order.get(key, 0) + 1
        return self._order[key]

    def before_save_instance(self, instance, row, **kwargs):
        framework = _framework(_text(row, "framework"))
        code, name = _text(row, "category"), _text(row, "category_name")
        if not code or not name or not _text(row, "code") or not _text(row, "name"):
            raise ValueError(_("カテゴリのコードと名称、スキルのコードと名称は必須です。"))
        category, _created = SkillCategory.objects.update_or_create(
            framework=framework,
            code=code,
            defaults={"name": name, "group": _text(row, "category_group")},
        )
        category_key = (framework.pk, category.code)
        if category_key not in self._order:
            category.order = self._next((framework.pk,))
            category.save(update_fields=["order"])
        instance.category = category
        instance.order = self._next(category_key)

    def after_save_instance(self, instance, row, **kwargs):
        framework = instance.category.framework
        for column in LEVEL_COLUMNS:
            description = _text(row, column)
            if not description:
                continue
            level = int(column.removeprefix("level_"))
            if not framework.scale_min <= level <= framework.scale_max:
                raise ValueError(
                    _("レベル %(level)d はスキル体系の尺度（%(min)d〜%(max)d）の外です。")
                    % {"level": level, "min": framework.scale_min, "max": framework.scale_max}
                )
            LevelDescriptor.objects.update_or_create(
                skill=instance, level=level, defaults={"description": description}
            )

    def dehydrate_framework(self, skill: Skill) -> str:
        return skill.category.framework.code

    def dehydrate_category_group(self, skill: Skill) -> str:
        return skill.category.group

    def dehydrate_category(self, skill: Skill) -> str:
        return skill.category.code

    def dehydrate_category_name(self, skill: Skill) -> str:
        return skill.category.name

    def _level(self, skill: Skill, level: int) -> str:
        return next((item.description for item in skill.levels.all() if item.level == level), "")

    def dehydrate_level_0(self, skill: Skill) -> str:
        return self._level(skill, 0)

    def dehydrate_level_1(self, skill: Skill) -> str:
        return self._level(skill, 1)

    def dehydrate_level_2(self, skill: Skill) -> str:
        return self._level(skill, 2)

    def dehydrate_level_3(self, skill: Skill) -> str:
        return self._level(skill, 3)

    def dehydrate_level_4(self, skill: Skill) -> str:
        return self._level(skill, 4)

    def dehydrate_level_5(self, skill: Skill) -> str:
        return self._level(skill, 5)


class FrameworkRoleResource(resources.ModelResource):
    framework = fields.Field(
        column_name="framework",
        attribute="framework",
        widget=widgets.ForeignKeyWidget(SkillFramework, field="code"),
    )

    class Meta:
        model = FrameworkRole
        fields = ["framework", "code", "role", "name", "order"]
        import_id_fields = ["framework", "code"]
        skip_unchanged = True


class RoleTargetResource(resources.ModelResource):
    role = fields.Field(column_name="role")
    role_name = fields.Field(column_name="role_name")
    framework = fields.Field(column_name="framework")
    skill = fields.Field(column_name="skill")

    class Meta:
        model = RoleTarget
        fields = ["role", "role_name", "framework", "skill", "target_level"]
        import_id_fields = ["role"]

    def get_queryset(self):
        return RoleTarget.objects.select_related("role_profile", "skill__category__framework")

    def _skill(self, row) -> Skill:
        framework = _framework(_text(row, "framework"))
        skill = Skill.objects.filter(
            category__framework=framework, code=_text(row, "skill")
        ).first()
        if skill is None:
            raise ValueError(
                _("スキル体系「%(framework)s」にスキル「%(skill)s」がありません。")
                % {"framework": framework.code, "skill": _text(row, "skill")}
            )
        return skill

    def get_instance(self, instance_loader, row):
        return RoleTarget.objects.filter(
            role_profile__code=_text(row, "role"),
            skill__category__framework__code=_text(row, "framework"),
            skill__code=_text(row, "skill"),
        ).first()

    def before_save_instance(self, instance, row, **kwargs):
        code, name = _text(row, "role"), _text(row, "role_name")
        if not code:
            raise ValueError(_("役割のコードは必須です。"))
        role, _created = RoleProfile.objects.get_or_create(
            code=code, defaults={"name": name or code}
        )
        instance.role_profile = role
        instance.skill = self._skill(row)

    def dehydrate_role(self, target: RoleTarget) -> str:
        return target.role_profile.code

    def dehydrate_role_name(self, target: RoleTarget) -> str:
        return target.role_profile.name

    def dehydrate_framework(self, target: RoleTarget) -> str:
        return target.skill.category.framework.code

    def dehydrate_skill(self, target: RoleTarget) -> str:
        return target.skill.code


def resource_for(headers: list[str]) -> resources.ModelResource:
    """The resource a file is for, told by its header row."""
    columns = {str(header).strip() for header in headers if header}
    if {"role", "target_level"} <= columns:
        return RoleTargetResource()
    if {"framework", "category", "code", "name"} <= columns:
        return SkillResource()
    if {"framework", "code", "role", "name"} <= columns:
        return FrameworkRoleResource()
    if {"code", "name", "scale_max"} <= columns:
        return FrameworkResource()
    raise ValueError(
        _("見出し行からファイルの種類がわかりません: %(headers)s")
        % {"headers": ", ".join(sorted(columns))}
    )


def read_dataset(content: bytes, filename: str):
    """A tablib Dataset from CSV (see common.text_files for the encodings) or XLSX bytes."""
    if filename.lower().endswith(".xlsx"):
        return XLSX().create_dataset(content)
    # UnreadableText is a ValueError with the reason in Japanese, as callers expect.
    return CSV().create_dataset(text_files.decode(content))


@dataclass
class FileReport:
    name: str
    kind: str
    totals: dict = field(default_factory=dict)


def import_files(files: list[tuple[str, bytes]], dry_run: bool = False) -> list[FileReport]:
    """Import (name, content) pairs in order, all or nothing; ImportFailed lists every error."""
    reports, errors = [], []
    with transaction.atomic():
        for name, content in files:
            try:
                dataset = read_dataset(content, name)
                resource = resource_for(dataset.headers or [])
            except ValueError as error:
                errors.append(f"{name}: {error}")
                continue
            result = resource.import_data(dataset, dry_run=False, use_transactions=False)
            for line, row_errors in result.row_errors():
                for error in row_errors:
                    errors.append(
                        _("%(file)s %(row)d 行目: %(error)s")
                        % {"file": name, "row": line + 1, "error": error.error}
                    )
            for invalid in result.invalid_rows:
                errors.append(
                    _("%(file)s %(row)d 行目: %(error)s")
                    % {"file": name, "row": invalid.number + 1, "error": invalid.error}
                )
            reports.append(FileReport(name, type(resource).__name__, dict(result.totals)))
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return reports


def import_paths(paths: list[Path], dry_run: bool = False) -> list[FileReport]:
    return import_files([(path.name, Path(path).read_bytes()) for path in paths], dry_run)


def import_bundled() -> list[FileReport]:
    """Load the frameworks and role targets shipped in skills/data/."""
    return import_paths([DATA_DIR / name for name in BUNDLED_FILES])


def export_framework(framework: SkillFramework, file_format: str = "csv") -> bytes:
    """One framework's skills as a file that `import_framework` reads back."""
    skills = SkillResource().get_queryset().filter(category__framework=framework)
    dataset = SkillResource().export(queryset=skills)
    if file_format == "xlsx":
        return XLSX().export_data(dataset)
    return CSV().export_data(dataset).encode("utf-8")
