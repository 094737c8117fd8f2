"""Empty, zero and withheld heatmap cells differ by text and class (pattern), not colour alone."""

from skills.portfolio_display import cells_html

BASIS = {"assessed": 1, "confirmed": 0, "self_assessed": 0, "learned": 0}


def cell(n: int, mean_level=None, at_target=None, suppressed=False) -> dict:
    return {
        "n": n,
        "mean_level": mean_level,
        "at_target": at_target,
        "suppressed": suppressed,
        "basis": BASIS,
    }


def test_a_cell_with_nobody_says_dash_and_is_marked_empty():
    assert cells_html([cell(0)], "mean").startswith('<td class="is-empty">—</td>')


def test_a_zero_level_shows_zero_with_its_basis():
    html = cells_html([cell(5, mean_level=0.0)], "mean")
    assert html.startswith("<td>0.0<small")


def test_a_zero_rate_shows_zero_percent():
    assert cells_html([cell(5, at_target=0.0)], "target").startswith("<td>0%<small")


def test_a_withheld_cell_says_so_and_is_hatched():
    assert cells_html([cell(2, suppressed=True)], "mean") == '<td class="is-suppressed">秘匿</td>'
