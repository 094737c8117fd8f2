"""The three role profiles the roster names, so that staff can be given one before any targets."""

from django.db import migrations

ROLE_PROFILES = [
    ("it-staff", "情報システム担当", "情報システムの企画・調達・運用を担う職員"),
    ("dx-leader", "DX推進リーダー", "所属の業務改革とデジタル化をリードする職員"),
    ("general", "一般職員", "すべての職員"),
]


def create_role_profiles(apps, schema_editor):
    RoleProfile = apps.get_model("skills", "RoleProfile")
    for code, name, description in ROLE_PROFILES:
        RoleProfile.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("skills", "0003_quizzes_lesson_skills_self_assessment")]

    operations = [migrations.RunPython(create_role_profiles, migrations.RunPython.noop)]
