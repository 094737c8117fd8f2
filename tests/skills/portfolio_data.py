"""A small Tokyo for portfolio tests: two departments in 新宿区, 八王子市, and tiny 利島村."""

from dataclasses import dataclass

from skills import portfolio
from tests.factories import DepartmentFactory, municipality
from tests.skills.factories import (
    RoleProfileFactory,
    RoleTargetFactory,
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
    portfolio.recompute()
    return SmallTokyo(framework, skills, role, departments, people)
