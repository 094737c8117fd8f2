"""Where each of Tokyo's 62 municipalities and the Metropolitan Government sits on the tile map.

(column, row) on a grid that keeps rough geography: Tama in the west, the 23 wards in the east,
the islands strung out to the south so that they stay visible.
"""

TILES: dict[str, tuple[int, int]] = {
    # 多摩
    "133086": (0, 0),
    "132055": (1, 0),
    "133035": (2, 0),
    "132233": (3, 0),
    "132209": (4, 0),
    "132136": (5, 0),
    "132217": (6, 0),
    "132225": (7, 0),
    "133078": (0, 1),
    "133051": (1, 1),
    "132276": (2, 1),
    "132187": (3, 1),
    "132021": (4, 1),
    "132110": (5, 1),
    "132144": (6, 1),
    "132292": (7, 1),
    "132284": (1, 2),
    "132071": (2, 2),
    "132128": (3, 2),
    "132152": (4, 2),
    "132063": (5, 2),
    "132101": (6, 2),
    "132039": (7, 2),
    "132012": (2, 3),
    "132241": (3, 3),
    "132250": (4, 3),
    "132080": (5, 3),
    "132195": (6, 3),
    "132047": (7, 3),
    "132098": (3, 4),
    # 区部
    "131202": (8, 0),
    "131199": (9, 0),
    "131172": (10, 0),
    "131181": (11, 0),
    "131211": (12, 0),
    "131229": (13, 0),
    "131156": (8, 1),
    "131148": (9, 1),
    "131164": (10, 1),
    "131059": (11, 1),
    "131067": (12, 1),
    "131075": (13, 1),
    "131237": (14, 1),
    "131121": (8, 2),
    "131130": (9, 2),
    "131041": (10, 2),
    "131016": (11, 2),
    "131024": (12, 2),
    "131083": (13, 2),
    "131105": (9, 3),
    "131032": (10, 3),
    "131091": (11, 3),
    "131113": (10, 4),
    # 都庁
    "130001": (13, 4),
    # 島しょ
    "133612": (10, 6),
    "133621": (11, 6),
    "133639": (10, 7),
    "133647": (11, 7),
    "133817": (11, 8),
    "133825": (12, 8),
    "134015": (12, 9),
    "134023": (13, 9),
    "134210": (14, 10),
}

# Light to dark. Each tile's text is whichever of ink and white contrasts more with it (WCAG 2.1's
# relative luminance), which keeps names and values at 4.5:1 or more on every step.
PALETTE = ["#eef4fb", "#cfe0f3", "#a6c6e8", "#6f9fd2", "#3c73b5", "#1f4e8c"]
INK, WHITE = "#1a1a1a", "#ffffff"


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio between two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tile_colour(value: float | None, low: float, high: float) -> tuple[str, str]:
    """(background, text colour) for a value between low and high."""
    if value is None:
        return WHITE, INK
    span = high - low or 1
    step = min(len(PALETTE) - 1, max(0, int((value - low) / span * len(PALETTE))))
    background = PALETTE[step]
    ink = max((INK, WHITE), key=lambda colour: contrast_ratio(background, colour))
    return background, ink
