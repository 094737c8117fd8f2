"""Portfolio test data: a small Tokyo to check figures by hand, and a populated one to look at."""

import datetime
import random
from dataclasses import dataclass

from demo.organisation import seed_demo_staff, seed_demo_users
from organisation.models import StaffProfile
from skills import portfolio_compute
from skills.models import SkillFramework, StaffRole, StaffSkillLevel
from tests.factories import DepartmentFactory, municipality
from tests.skills.factories import (
    RoleProfileFactory,
    RoleTargetFactory,
    SkillCategoryFactory,
    SkillFactory,
    SkillFrameworkFactory,
    framework_with_skills,
    staff_with_levels,
)


@dataclass
class SmallTokyo:
    framework: object
    skills: list
    role: object
    departments: dict
    people: dict


def small_tokyo() -> SmallTokyo:
    framework, skills = framework_with_skills(2)
    role = RoleProfileFactory(code="dx", name="DX推進担当")
    RoleTargetFactory(role_profile=role, skill=skills[0], target_level=3)
    shinjuku, hachioji, toshima = (municipality(code) for code in ("131041", "132012", "133621"))
    departments = {
        "情報政策課": DepartmentFactory(municipality=shinjuku, name="情報政策課"),
        "戸籍住民課": DepartmentFactory(municipality=shinjuku, name="戸籍住民課"),
        "税務課": DepartmentFactory(municipality=shinjuku, name="税務課"),
        "八王子 情報政策課": DepartmentFactory(municipality=hachioji, name="情報政策課"),
        "利島 総務課": DepartmentFactory(municipality=toshima, name="総務課"),
    }
    people = {
        "情報政策課": staff_with_levels(
            10,
            skills[0],
            level=3,
            municipality=shinjuku,
            department=departments["情報政策課"],
            role_profile=role,
        ),
        "戸籍住民課": staff_with_levels(
            6,
            skills[0],
            level=1,
            municipality=shinjuku,
            department=departments["戸籍住民課"],
            role_profile=role,
        ),
        "税務課": staff_with_levels(
            2,
            skills[0],
            level=5,
            municipality=shinjuku,
            department=departments["税務課"],
            role_profile=role,
        ),
        "八王子": staff_with_levels(
            8,
            skills[0],
            level=2,
            municipality=hachioji,
            department=departments["八王子 情報政策課"],
        ),
        "利島": staff_with_levels(
            3,
            skills[0],
            level=4,
            municipality=toshima,
            department=departments["利島 総務課"],
        ),
    }
    portfolio_compute.recompute()
    return SmallTokyo(framework, skills, role, departments, people)


def populated_tokyo(seed: int = 7) -> SkillFramework:
    """The demo's ~200 staff across 16 municipalities, with levels in six skills and three
    monthly snapshots in which levels rise: enough for every part of the dashboard."""

    rng = random.Random(seed)
    seed_demo_users("pass-for-tests")
    seed_demo_staff()
    framework = SkillFrameworkFactory(code="dss", name="デジタルスキル標準")
    names = ["データ活用", "セキュリティ", "クラウド", "業務改革", "UI/UX", "生成AI"]
    category = SkillCategoryFactory(framework=framework, name="DX推進")
    skills = [
        SkillFactory(category=category, name=name, code=f"s{i}") for i, name in enumerate(names)
    ]
    roles = [
        RoleProfileFactory(code="dx", name="DX推進担当"),
        RoleProfileFactory(code="it-staff", name="情報システム担当"),
    ]
    for role in roles:
        for skill in skills:
            RoleTargetFactory(role_profile=role, skill=skill, target_level=rng.choice([2, 3, 3, 4]))
    staff = list(StaffProfile.objects.all())
    chosen = [(person, rng.choice([*roles, None])) for person in staff]
    StaffRole.objects.bulk_create(
        [StaffRole(staff=person, role_profile=role) for person, role in chosen if role]
    )
    levels = [
        StaffSkillLevel(
            staff=person, skill=skill, level=rng.choice([0, 1, 1, 2, 2, 3]), basis="self_assessed"
        )
        for person in staff
        for skill in skills
        if rng.random() < 0.8
    ]
    StaffSkillLevel.objects.bulk_create(levels)
    this_month = datetime.date.today().replace(day=1)
    for back in (3, 2, 1, 0):
        month = (this_month - datetime.timedelta(days=28 * back)).replace(day=1)
        portfolio_compute.recompute()
        portfolio_compute.take_snapshot(month)
        for level in rng.sample(levels, len(levels) // 4):
            level.level = min(5, level.level + 1)
        StaffSkillLevel.objects.bulk_update(levels, ["level"])
    portfolio_compute.recompute()
    return framework
