import pytest
from django.core.management import CommandError, call_command

from skills.frameworks import ImportFailed, export_framework, import_bundled, import_files
from skills.models import (
    FrameworkRole,
    LevelDescriptor,
    RoleTarget,
    Skill,
    SkillCategory,
    SkillFramework,
)

pytestmark = pytest.mark.django_db

FRAMEWORKS_CSV = (
    "code,name,version,description,source,licence,scale_min,scale_max\nt,テスト体系,1,,,,0,5\n"
).encode()


def skills_csv(*rows: str) -> bytes:
    header = "framework,category_group,category,category_name,code,name,description,level_0,level_3"
    return "\n".join([header, *rows]).encode()


def test_bundled_import_loads_the_digital_skill_standard_structure():
    import_bundled()
    dss_p = SkillFramework.objects.get(code="dss-p")
    assert Skill.objects.filter(category__framework=dss_p).count() == 49
    assert set(dss_p.roles.values_list("role", flat=True)) == {
        "ビジネスアーキテクト",
        "デザイナー",
        "データサイエンティスト",
        "ソフトウェアエンジニア",
        "サイバーセキュリティ",
    }
    assert dss_p.roles.count() == 15
    assert set(dss_p.categories.values_list("group", flat=True)) == {
        "ビジネス変革",
        "データ活用",
        "テクノロジー",
        "セキュリティ",
        "パーソナルスキル",
    }
    assert Skill.objects.filter(category__framework__code="dss-l").count() == 23


def test_bundled_import_loads_the_government_cloud_framework_with_six_levels_per_skill():
    import_bundled()
    skills = Skill.objects.filter(category__framework__code="gov-cloud")
    assert skills.count() == 18
    assert LevelDescriptor.objects.filter(skill__in=skills).count() == 18 * 6
    assert skills.filter(name="ASP・運用管理補助者との役割分担").exists()
    assert RoleTarget.objects.filter(role_profile__name="情報システム担当").count() == 11


def test_importing_the_same_files_again_changes_no_counts():
    import_bundled()
    counts = (Skill.objects.count(), SkillCategory.objects.count(), FrameworkRole.objects.count())
    import_bundled()
    assert (
        Skill.objects.count(),
        SkillCategory.objects.count(),
        FrameworkRole.objects.count(),
    ) == counts


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_gives_back_the_same_framework(file_format):
    import_bundled()
    framework = SkillFramework.objects.get(code="gov-cloud")
    before = sorted(
        LevelDescriptor.objects.filter(skill__category__framework=framework).values_list(
            "skill__category__code", "skill__code", "skill__name", "level", "description"
        )
    )
    exported = export_framework(framework, file_format)
    SkillCategory.objects.filter(framework=framework).delete()

    import_files([(f"gov_cloud.{file_format}", exported)])

    after = sorted(
        LevelDescriptor.objects.filter(skill__category__framework=framework).values_list(
            "skill__category__code", "skill__code", "skill__name", "level", "description"
        )
    )
    assert after == before


def test_one_bad_row_imports_nothing_and_names_the_row():
    content = skills_csv(
        "t,,C1,カテゴリ,S1,スキル1,,未経験,独力でできる",
        "t,,C1,カテゴリ,S2,,,,",
    )
    with pytest.raises(ImportFailed) as failure:
        import_files([("frameworks.csv", FRAMEWORKS_CSV), ("skills.csv", content)])
    assert "skills.csv 3 行目" in failure.value.errors[0]
    assert not SkillFramework.objects.filter(code="t").exists()
    assert not Skill.objects.exists()


def test_skills_of_an_unknown_framework_are_refused_with_a_clear_message():
    with pytest.raises(ImportFailed) as failure:
        import_files([("skills.csv", skills_csv("nope,,C1,カテゴリ,S1,スキル1,,,"))])
    assert "スキル体系「nope」が登録されていません" in failure.value.errors[0]


def test_cp932_csv_as_japanese_excel_writes_it_is_read():
    content = skills_csv("t,,C1,カテゴリ,S1,クラウドの基本,,未経験,独力でできる")
    import_files(
        [("frameworks.csv", FRAMEWORKS_CSV), ("skills.csv", content.decode().encode("cp932"))]
    )
    skill = Skill.objects.get(code="S1")
    assert skill.name == "クラウドの基本"
    assert skill.levels.get(level=3).description == "独力でできる"


def test_import_framework_command_loads_files_and_fails_without_any(tmp_path):
    frameworks = tmp_path / "frameworks.csv"
    frameworks.write_bytes(FRAMEWORKS_CSV)
    skills = tmp_path / "skills.csv"
    skills.write_bytes(skills_csv("t,,C1,カテゴリ,S1,スキル1,,,"))
    call_command("import_framework", str(frameworks), str(skills))
    assert Skill.objects.filter(category__framework__code="t").count() == 1
    with pytest.raises(CommandError):
        call_command("import_framework")


def test_export_framework_command_writes_a_file_import_framework_reads(tmp_path):
    import_bundled()
    target = tmp_path / "gov_cloud.xlsx"
    call_command("export_framework", "gov-cloud", "--format", "xlsx", "-o", str(target))
    assert target.read_bytes()[:2] == b"PK"
    call_command("import_framework", str(target), "--dry-run")
    with pytest.raises(CommandError):
        call_command("export_framework", "no-such-framework")
