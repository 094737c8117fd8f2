"""The demo's story, month by month: why the trends, gaps and course effectiveness move.

Twelve months back from the current one (Tokyo time), spanning two fiscal years:

- months 0–1: staff rate themselves (self-assessment);
- months 1–3 (end of the fiscal year): a baseline assessment, the course's test, for most staff;
- months 4–8 (the new fiscal year): targeted training, the Government Cloud lessons, in a few
  wards and one Tama city (`TRAINING_SHARE`); a little elsewhere, none in a town and two
  island villages;
- months 8–11: the course's test again. Those who were trained answer better than at baseline;
  the others a little worse (they forget), so their levels stay flat or fall;
- months 9–11: a manager in a trained ward confirms a few levels of their staff.

Every step goes through the product's own rules: attempts are scored and recorded as evidence by
skills/assessments.py and skills/evidence.py, levels decided by skills/levels.py.
"""

import datetime
import random

from common.japanese_dates import TOKYO

MONTHS = 12

# Municipality code → share of its staff who take the course in the training months.
TRAINING_SHARE = {
    "131041": 0.85,  # 新宿区
    "131121": 0.85,  # 世田谷区
    "131202": 0.85,  # 練馬区
    "132012": 0.85,  # 八王子市
    "132098": 0.05,  # 町田市
    "133035": 0.0,  # 瑞穂町
    "133621": 0.0,  # 利島村
    "134023": 0.0,  # 青ヶ島村
}
OTHERS_TRAINING_SHARE = 0.25

SELF_ASSESSMENT_MONTHS = (0, 1)
BASELINE_MONTHS = (1, 3)
TRAINING_MONTHS = (4, 8)
FOLLOW_UP_MONTHS = (8, 11)
CONFIRMATION_MONTHS = (9, 11)


def month_start(now: datetime.datetime, month: int) -> datetime.datetime:
    """The first moment of story month `month` (0 is MONTHS months before the current one)."""
    first = now.astimezone(TOKYO).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year, index = divmod(first.year * 12 + first.month - 1 - MONTHS + month, 12)
    return first.replace(year=year, month=index + 1)


def moment_in(
    rng: random.Random, now: datetime.datetime, months: tuple[int, int]
) -> datetime.datetime:
    """A moment during office hours within story months `months` (inclusive), never after now."""
    start = month_start(now, months[0])
    end = min(month_start(now, months[1] + 1), now)
    day = start + datetime.timedelta(days=rng.uniform(0, (end - start).days - 1))
    return min(day.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59)), now)


def training_share(municipality_code: str) -> float:
    return TRAINING_SHARE.get(municipality_code, OTHERS_TRAINING_SHARE)
