"""Helpers shared by the benchmark parts."""


def figure(value: float, unit: str, baseline: float | None, goal: str) -> dict:
    """One entry of .bench/results.json; ratio is baseline / value for times, as the part says."""
    ratio = None
    if baseline not in (None, 0) and value not in (None, 0):
        ratio = round(baseline / value, 3)
    return {
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": ratio,
        "goal": goal,
    }
