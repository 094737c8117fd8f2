"""Audience rules: each kind resolves to the right active people, never past the scope."""

import pytest

from organisation.access import EVERYWHERE, Scope
from tests.factories import DepartmentFactory, StaffProfileFactory, municipality
from tests.skills.factories import RoleProfileFactory, RoleTargetFactory, StaffSkillLevelFactory
from tests.training.factories import MITAKA, SHINJUKU
from training.audience import AudienceError, audience, parse_rule, resolve_rule

pytestmark = pytest.mark.django_db


def shinjuku_scope() -> Scope:
    return Scope(everywhere=False, municipality=municipality(SHINJUKU))


def people(text: str, scope: Scope = EVERYWHERE) -> set:
    return set(audience([resolve_rule(*parse_rule(text), scope)], scope))


@pytest.mark.parametrize("written", ["131041", "13104", "新宿区", "東京都新宿区"])
def test_a_municipality_is_found_by_either_code_or_its_name(written):
    here = StaffProfileFactory(municipality=municipality(SHINJUKU))
    StaffProfileFactory(municipality=municipality(MITAKA))
    assert people(f"municipality:{written}") == {here}


def test_people_who_left_are_not_in_the_audience():
    StaffProfileFactory(municipality=municipality(SHINJUKU), active=False)
    assert people("municipality:新宿区") == set()


def test_a_department_by_name_within_the_scope_or_by_id():
    department = DepartmentFactory(municipality=municipality(SHINJUKU), name="情報政策課")
    inside = StaffProfileFactory(department=department)
    StaffProfileFactory()
    assert people("department:情報政策課", shinjuku_scope()) == {inside}
    assert people(f"department:{department.pk}") == {inside}


def test_a_department_name_in_two_municipalities_must_say_which():
    for code in (SHINJUKU, MITAKA):
        DepartmentFactory(municipality=municipality(code), name="情報政策課")
    with pytest.raises(AudienceError, match="自治体/所属名"):
        resolve_rule("department", "情報政策課", EVERYWHERE)
    rule = resolve_rule("department", "三鷹市/情報政策課", EVERYWHERE)
    assert rule.label.startswith("三鷹市")


def test_a_role_by_code_or_name_and_a_job_category():
    role = RoleProfileFactory(code="dx", name="DX推進担当")
    dx = StaffProfileFactory(role_profile=role, job_category="技術")
    StaffProfileFactory(job_category="一般事務")
    assert people("role:dx") == people("role:DX推進担当") == {dx}
    assert people("job:技術") == {dx}


def test_a_person_by_username_or_employee_id():
    person = StaffProfileFactory(employee_id="A123")
    assert people(f"user:{person.user.username}") == people("user:A123") == {person}


def test_a_gap_is_everyone_below_their_roles_target_counting_a_missing_level_as_zero():
    target = RoleTargetFactory(target_level=3)
    role, skill = target.role_profile, target.skill
    below = StaffProfileFactory(role_profile=role)
    StaffSkillLevelFactory(staff=below, skill=skill, level=2)
    never_assessed = StaffProfileFactory(role_profile=role)
    at_target = StaffProfileFactory(role_profile=role)
    StaffSkillLevelFactory(staff=at_target, skill=skill, level=3)
    StaffProfileFactory()  # no role: no target, no gap
    assert people(f"gap:{skill.code}") == {below, never_assessed}


@pytest.mark.parametrize(
    "written, message",
    [
        ("municipality:どこか村", "自治体「どこか村」が見つかりません。"),
        ("department:存在しない課", "所属「存在しない課」が見つかりません。"),
        ("role:nothing", "役割「nothing」が見つかりません。"),
        ("job:宇宙飛行士", "職種「宇宙飛行士」の職員が見つかりません。"),
        ("user:nobody", "職員「nobody」が見つかりません。"),
        ("gap:zz", "スキル「zz」が見つかりません。"),
        ("team:a", "対象者は「種類:値」で指定してください"),
    ],
)
def test_an_unknown_value_is_one_clear_japanese_sentence(written, message):
    with pytest.raises(AudienceError, match=message):
        resolve_rule(*parse_rule(written), EVERYWHERE)


# --- The attacker: HR of Shinjuku reaching for Mitaka's people by every kind ----------------


def test_a_municipality_outside_the_scope_is_refused():
    with pytest.raises(AudienceError, match="範囲の外"):
        resolve_rule("municipality", "三鷹市", shinjuku_scope())


def test_mitakas_department_and_person_are_not_found_from_shinjuku():
    department = DepartmentFactory(municipality=municipality(MITAKA), name="三鷹の課")
    person = StaffProfileFactory(municipality=municipality(MITAKA), department=department)
    for kind, value in [
        ("department", str(department.pk)),
        ("department", "三鷹の課"),
        ("department", "三鷹市/三鷹の課"),
        ("user", person.user.username),
        ("user", person.employee_id),
    ]:
        with pytest.raises(AudienceError):
            resolve_rule(kind, value, shinjuku_scope())


def test_rules_without_a_place_reach_only_the_scopes_people():
    target = RoleTargetFactory(target_level=3)
    mine = StaffProfileFactory(role_profile=target.role_profile, job_category="技術")
    StaffProfileFactory(
        municipality=municipality(MITAKA), role_profile=target.role_profile, job_category="技術"
    )
    for written in ("role:" + target.role_profile.code, "job:技術", f"gap:{target.skill.code}"):
        assert people(written, shinjuku_scope()) == {mine}


def test_a_stored_rule_of_another_place_still_reaches_nobody_outside_the_scope():
    """A rule forged into the database (say, Mitaka's municipality code) is still cut by the
    scope the assignment was made in."""
    StaffProfileFactory(municipality=municipality(MITAKA))
    forged = resolve_rule("municipality", "三鷹市", EVERYWHERE)
    assert set(audience([forged], shinjuku_scope())) == set()
