import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path

import django

RESULTS = Path(".bench/results.json")


def parts() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        module.name
        for module in pkgutil.iter_modules([str(here)])
        if not module.name.startswith("_") and module.name != "common"
    )


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    wanted = argv or parts()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in wanted:
        started = time.monotonic()
        print(f"== bench {name}", flush=True)
        figures = importlib.import_module(f"bench.{name}").run()
        for key, figure in figures.items():
            print(f"   {key}: {json.dumps(figure, ensure_ascii=False)}", flush=True)
        results.update(figures)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    print(f"results in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
