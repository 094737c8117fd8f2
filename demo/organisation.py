"""The demo organisation: staff across Tokyo's municipalities and one user per role.

Every function here is idempotent: running the demo twice leaves the same data.
"""

import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from organisation import roles
from organisation.models import Department, HRScope, Municipality, StaffProfile

TOKYO_CODE = "130001"

# (code, staff count): large wards have more staff in the demo than villages on the islands.
DEMO_MUNICIPALITIES = [
    ("130001", 26),  # 東京都
    ("131041", 24),  # 新宿区
    ("131121", 26),  # 世田谷区
    ("131202", 20),  # 練馬区
    ("131016", 12),  # 千代田区
    ("132012", 22),  # 八王子市
    ("132098", 18),  # 町田市
    ("132039", 12),  # 武蔵野市
    ("132047", 10),  # 三鷹市
    ("133035", 8),  # 瑞穂町
    ("133078", 6),  # 檜原村
    ("133612", 8),  # 大島町
    ("133621", 5),  # 利島村
    ("134015", 6),  # 八丈町
    ("134023", 5),  # 青ヶ島村
    ("134210", 6),  # 小笠原村
]

DEPARTMENTS = [
    "総務部 情報政策課",
    "企画部 DX推進課",
    "市民部 戸籍住民課",
    "財務部 税務課",
    "福祉部 福祉総務課",
    "健康部 保健予防課",
    "教育委員会 学務課",
]
JOB_CATEGORIES = ["一般事務", "一般事務", "一般事務", "技術", "保健師", "福祉", "情報"]

FAMILY_NAMES = (
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 "
    "斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 "
    "村上 遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田 竹内 小野"
).split()
GIVEN_NAMES = (
    "翔太 大輔 健一 拓也 直樹 誠 隆 浩二 和也 亮 悠斗 陽介 哲也 修 剛 達也 康介 智也 "
    "美咲 陽子 恵子 由美 真由美 優子 裕子 愛 彩 千尋 沙織 明美 直子 久美子 舞 結衣 春香 "
    "さくら 奈々 智子 里美 花子 葵 凛"
).split()

DEMO_USERS = [
    # username, display name, role, is_superuser
    ("demo_staff", "東京 一郎", roles.STAFF, False),
    ("demo_officer", "研修 花子", roles.TRAINING_OFFICER, False),
    ("demo_hr", "人事 次郎", roles.HR_ANALYST, False),
    ("demo_admin", "管理 三郎", roles.ADMINISTRATOR, True),
]


def demo_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"


@transaction.atomic
def seed_demo_users(password: str) -> dict[str, "object"]:
    """The four demo users, all of the Metropolitan Government, with the demo password."""
    User = get_user_model()
    tokyo = Municipality.objects.get(code=TOKYO_CODE)
    department, _ = Department.objects.get_or_create(municipality=tokyo, name=DEPARTMENTS[0])
    users = {}
    for index, (username, display_name, role, is_superuser) in enumerate(DEMO_USERS, start=1):
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
        user.is_superuser = is_superuser
        user.is_staff = is_superuser
        family, given = display_name.split()
        user.last_name, user.first_name = family, given
        # A reserved example domain: `make run` prints the demo's reminder mails on the console.
        user.email = f"{username}@example.jp"
        user.save()
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "municipality": tokyo,
                "department": department,
                "employee_id": f"D{index:04d}",
                "display_name": display_name,
                "job_category": "一般事務",
            },
        )
        users[username] = user
    HRScope.objects.update_or_create(user=users["demo_hr"], defaults={"municipality": None})
    # The officer reports on the learning of all Tokyo (officer scope: figures, never names).
    HRScope.objects.update_or_create(user=users["demo_officer"], defaults={"municipality": None})
    return users


@transaction.atomic
def seed_demo_staff(seed: int = 20261124) -> int:
    """About 200 staff across wards, cities, towns and island villages; returns how many exist."""
    User = get_user_model()
    rng = random.Random(seed)
    staff_group = Group.objects.get(name=roles.STAFF)
    unusable = make_password(None)
    municipalities = Municipality.objects.in_bulk(
        [code for code, _ in DEMO_MUNICIPALITIES], field_name="code"
    )
    existing = set(
        User.objects.filter(username__startswith="staff-").values_list("username", flat=True)
    )
    new_users, new_profiles = [], []
    for code, count in DEMO_MUNICIPALITIES:
        municipality = municipalities[code]
        departments = [
            Department.objects.get_or_create(municipality=municipality, name=name)[0]
            for name in DEPARTMENTS[: max(2, min(len(DEPARTMENTS), count // 3))]
        ]
        for number in range(1, count + 1):
            employee_id = f"{number:05d}"
            username = f"staff-{code}-{employee_id}"
            name = demo_name(rng)
            department = rng.choice(departments)
            job = rng.choice(JOB_CATEGORIES)
            if username in existing:
                continue
            family, given = name.split()
            user = User(
                username=username,
                last_name=family,
                first_name=given,
                email=f"{username}@example.jp",
                password=unusable,
            )
            new_users.append(user)
            new_profiles.append(
                StaffProfile(
                    user=user,
                    municipality=municipality,
                    department=department,
                    employee_id=employee_id,
                    display_name=name,
                    job_category=job,
                )
            )
    User.objects.bulk_create(new_users)
    created = User.objects.filter(username__in=[user.username for user in new_users])
    by_username = {user.username: user for user in created}
    for profile in new_profiles:
        profile.user = by_username[profile.user.username]
    StaffProfile.objects.bulk_create(new_profiles)
    staff_group.user_set.add(*by_username.values())
    return StaffProfile.objects.filter(user__username__startswith="staff-").count()


def seed() -> list[str]:
    """The organisation part of the demo; returns lines for the command to print."""
    seed_demo_users(settings.DEMO_PASSWORD)
    count = seed_demo_staff()
    return [f"staff: {count} across {len(DEMO_MUNICIPALITIES)} municipalities"]
