"""The organisation's models, taken over from `lms` with their tables (issue 13).

The tables exist already (made by lms 0001-0005), so this changes only Django's idea of the
models (state); lms 0006 lets go of them in the same way.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("lms", "0005_role_profile_moves_to_skills"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                help_text="6桁の全国地方公共団体コード（検査数字を含む）",
                                max_length=6,
                                unique=True,
                                verbose_name="地方公共団体コード",
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="名称")),
                        (
                            "name_kana",
                            models.CharField(blank=True, max_length=100, verbose_name="よみがな"),
                        ),
                        (
                            "name_romaji",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="ローマ字表記"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("都", "都"),
                                    ("特別区", "特別区"),
                                    ("市", "市"),
                                    ("町", "町"),
                                    ("村", "村"),
                                ],
                                max_length=10,
                                verbose_name="種別",
                            ),
                        ),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("都", "都庁"),
                                    ("区部", "区部"),
                                    ("多摩", "多摩"),
                                    ("島しょ", "島しょ"),
                                ],
                                max_length=10,
                                verbose_name="地域",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "lms_municipality",
                        "verbose_name": "自治体",
                        "verbose_name_plural": "自治体",
                        "ordering": ["code"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("code__regex", "^[0-9]{6}$")),
                                name="municipality_code_six_digits",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HRScope",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="hr_scope",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ユーザー",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                help_text="空欄なら東京都全体",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="organisation.municipality",
                                verbose_name="対象自治体",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "lms_hrscope",
                        "verbose_name": "人事の閲覧範囲",
                        "verbose_name_plural": "人事の閲覧範囲",
                    },
                ),
                migrations.CreateModel(
                    name="Department",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="所属名")),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="departments",
                                to="organisation.municipality",
                                verbose_name="自治体",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "lms_department",
                        "verbose_name": "所属",
                        "verbose_name_plural": "所属",
                        "ordering": ["municipality", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="StaffProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("employee_id", models.CharField(max_length=32, verbose_name="職員番号")),
                        ("display_name", models.CharField(max_length=100, verbose_name="氏名")),
                        (
                            "job_category",
                            models.CharField(blank=True, max_length=50, verbose_name="職種"),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="在籍")),
                        (
                            "department",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="staff",
                                to="organisation.department",
                                verbose_name="所属",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff",
                                to="organisation.municipality",
                                verbose_name="自治体",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ユーザー",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "lms_staffprofile",
                        "verbose_name": "職員",
                        "verbose_name_plural": "職員",
                        "ordering": ["municipality", "employee_id"],
                        "permissions": [
                            ("view_auditlog", "監査ログを閲覧できる"),
                            ("import_roster", "職員名簿を取り込める"),
                            ("export_roster", "職員名簿を出力できる"),
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="department",
                    constraint=models.UniqueConstraint(
                        fields=("municipality", "name"), name="department_unique_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="staffprofile",
                    constraint=models.UniqueConstraint(
                        fields=("municipality", "employee_id"),
                        name="staff_employee_id_unique_in_municipality",
                    ),
                ),
                migrations.CreateModel(
                    name="AuditLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("action", models.CharField(max_length=50, verbose_name="操作")),
                        (
                            "target",
                            models.CharField(blank=True, max_length=200, verbose_name="対象"),
                        ),
                        ("detail", models.JSONField(blank=True, default=dict, verbose_name="詳細")),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="日時"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ユーザー",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "lms_auditlog",
                        "verbose_name": "監査ログ",
                        "verbose_name_plural": "監査ログ",
                        "ordering": ["-created_at"],
                        "default_permissions": (),
                    },
                ),
            ],
            database_operations=[],
        )
    ]
