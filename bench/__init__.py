"""Benchmarks, kept apart from the test suite: `make bench` or `python -m bench [PART ...]`.

Each part is a module here with `run() -> dict[str, dict]`: figure name → {"value", "unit",
"baseline", "ratio", "goal"}, the baseline measured in the same session because the machines
are shared and noisy. Results are merged into .bench/results.json.
"""
