"""The tile map's colours: names and values on every tile pass WCAG 2.1 AA contrast."""

import pytest

from skills import tilemap


@pytest.mark.parametrize("value", [None, 0.0, 0.2, 0.4, 0.55, 0.7, 0.9, 1.0])
def test_tile_text_contrasts_at_least_four_and_a_half_to_one(value):
    background, ink = tilemap.tile_colour(value, 0.0, 1.0)
    assert tilemap.contrast_ratio(background, ink) >= 4.5


def test_contrast_ratio_is_wcags():
    assert tilemap.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert tilemap.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
