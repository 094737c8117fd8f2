"""The suppression rule on two-way tables, without the database."""

from skills.privacy import ALL, suppress_table


def department_table(counts: dict[str, int]) -> dict:
    """Departments of one municipality for all roles, with the municipality total."""
    table = {(name, ALL): (count,) for name, count in counts.items()}
    table[(ALL, ALL)] = (sum(counts.values()),)
    return table


def test_a_group_below_the_threshold_is_suppressed():
    hidden = suppress_table(department_table({"a": 10, "b": 3, "c": 8}), minimum=5)
    assert ("b", ALL) in hidden


def test_a_lone_suppressed_group_drags_the_next_smallest_with_it():
    hidden = suppress_table(department_table({"a": 10, "b": 3, "c": 8}), minimum=5)
    assert hidden == {("b", ALL), ("c", ALL)}


def test_no_shown_figures_subtract_to_a_suppressed_one():
    table = department_table({"a": 10, "b": 3, "c": 8, "d": 6})
    hidden = suppress_table(table, minimum=5)
    total = table[(ALL, ALL)][0]
    shown_members = sum(table[key][0] for key in table if key[0] != ALL and key not in hidden)
    assert total - shown_members >= 5
    assert len([key for key in hidden if key[0] != ALL]) >= 2


def test_two_small_groups_that_together_stay_small_hide_a_third():
    hidden = suppress_table(department_table({"a": 20, "b": 1, "c": 2, "d": 9}), minimum=5)
    assert hidden == {("b", ALL), ("c", ALL), ("d", ALL)}


def test_groups_of_nobody_are_neither_suppressed_nor_used_as_complements():
    hidden = suppress_table(department_table({"a": 10, "b": 3, "c": 0, "d": 7}), minimum=5)
    assert hidden == {("b", ALL), ("d", ALL)}


def test_when_no_complement_exists_the_total_is_suppressed():
    # (b, x) is hidden to protect (a, x); row b has nothing else, so its total would equal it.
    table = {
        ("a", "x"): (3,),
        ("a", ALL): (3,),
        ("b", "x"): (10,),
        ("b", "y"): (0,),
        ("b", ALL): (10,),
        (ALL, "x"): (13,),
        (ALL, "y"): (0,),
        (ALL, ALL): (13,),
    }
    hidden = suppress_table(table, minimum=5)
    assert ("b", "x") in hidden
    assert ("b", ALL) in hidden


def test_suppression_spreads_across_rows_and_columns():
    table = {
        ("a", "x"): (3,),
        ("a", "y"): (10,),
        ("a", ALL): (13,),
        ("b", "x"): (10,),
        ("b", "y"): (10,),
        ("b", ALL): (20,),
        (ALL, "x"): (13,),
        (ALL, "y"): (20,),
        (ALL, ALL): (33,),
    }
    hidden = suppress_table(table, minimum=5)
    for total, members in [
        (("a", ALL), [("a", "x"), ("a", "y")]),
        (("b", ALL), [("b", "x"), ("b", "y")]),
        ((ALL, "x"), [("a", "x"), ("b", "x")]),
        ((ALL, "y"), [("a", "y"), ("b", "y")]),
    ]:
        if total in hidden:
            continue
        hidden_members = [key for key in members if key in hidden]
        assert len(hidden_members) != 1


def test_every_population_of_a_cell_is_protected():
    table = {("a", ALL): (10, 2), ("b", ALL): (10, 10), (ALL, ALL): (20, 12)}
    hidden = suppress_table(table, minimum=5)
    assert hidden == {("a", ALL), ("b", ALL)}
