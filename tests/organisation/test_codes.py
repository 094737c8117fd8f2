import pytest

from organisation.codes import check_digit, is_valid_local_government_code
from organisation.municipalities import reference_rows


def test_check_digit_of_the_metropolitan_government_is_1():
    assert check_digit("13000") == "1"


def test_every_shipped_code_has_a_valid_check_digit():
    rows = reference_rows()
    assert len(rows) == 63
    assert all(is_valid_local_government_code(row["code"]) for row in rows)


@pytest.mark.parametrize("code", ["131017", "13101", "1310166", "13101a", "１３１０１６", ""])
def test_malformed_or_wrong_codes_are_invalid(code):
    assert not is_valid_local_government_code(code)


def test_check_digit_refuses_anything_but_five_digits():
    with pytest.raises(ValueError):
        check_digit("1310")
