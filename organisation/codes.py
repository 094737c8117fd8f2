"""Japan's local government codes (全国地方公共団体コード).

The 6-digit code is the 5-digit code plus a check digit: weights 6,5,4,3,2 over the first five
digits, and the check digit is the last digit of 11 minus the sum's remainder modulo 11.
"""

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(five_digits: str) -> str:
    if len(five_digits) != 5 or not five_digits.isascii() or not five_digits.isdigit():
        raise ValueError(f"not a 5-digit code: {five_digits!r}")
    total = sum(int(digit) * weight for digit, weight in zip(five_digits, WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def is_valid_local_government_code(code: str) -> bool:
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:5]) == code[5]
