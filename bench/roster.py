"""Roster import: 100,000 rows through `organisation.roster` (bulk) against django-import-export's
default row-by-row import of the same columns, on SQLite and on a throw-away PostgreSQL.

Each engine runs in a child process on a fresh database (a temporary VAR_DIR for SQLite, a
cluster from scripts/services.py for PostgreSQL). The row-by-row baseline does at least four
queries a row, so it is timed on the first 5,000 rows and extrapolated linearly to 100,000 (its
cost per row does not fall with size); the bulk import is timed on both sizes, so the 5,000-row
comparison needs no extrapolation.

Memory: the peak resident size of a child process that imports 100,000 rows (CSV and XLSX), and
of one that refuses each hostile file of issue 12's finding 5 (a zip bomb that unpacks to 1 GiB,
the same declaring a small sheet, an XLSX of a million rows, a 50 MB one-line CSV), each beside
the peak of a child that only starts the interpreter and Django (the baseline, same run).

    python -m bench roster        (or: make bench)
"""

import contextlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import figure

ROWS = int(os.environ.get("BENCH_ROSTER_ROWS", "100000"))
SAMPLE = int(os.environ.get("BENCH_ROSTER_SAMPLE", "5000"))
ROOT = Path(__file__).resolve().parent.parent
HEADER = ["職員番号", "氏名", "メールアドレス", "自治体", "所属", "職種", "役割", "在籍"]
DEPARTMENTS = ["総務部 情報政策課", "企画部 DX推進課", "市民部 戸籍住民課", "財務部 税務課"]
JOBS = ["一般事務", "技術", "保健師", "福祉"]
FAMILY = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤".split()
# The municipalities' 6-digit codes, as the shipped reference data lists them.
CODES = [
    line.split(",", 1)[0]
    for line in (ROOT / "organisation" / "data" / "tokyo_municipalities.csv")
    .read_text(encoding="utf-8")
    .splitlines()[1:]
]
GIVEN = "翔太 大輔 健一 美咲 陽子 恵子 由美 拓也 直樹 花子".split()


def roster_csv(path: Path, rows: int, prefix: str, codes: list[str], seed: int = 1) -> Path:
    """A CP932 roster as Japanese Excel saves it, spread over the given municipalities."""
    rng = random.Random(seed)
    lines = [",".join(HEADER)]
    for number in range(rows):
        employee_id = f"{prefix}{number:06d}"
        lines.append(
            ",".join(
                [
                    employee_id,
                    f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                    f"{employee_id.lower()}@example.jp",
                    codes[number % len(codes)],
                    rng.choice(DEPARTMENTS),
                    rng.choice(JOBS),
                    "",
                    "在籍",
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


def measure(big: Path, sample: Path) -> dict:
    """In the child process: time both imports on this process's (fresh) database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    import tablib
    from django.core.management import call_command

    from organisation.roster.importing import import_roster

    call_command("migrate", verbosity=0)
    times = {}

    started = time.perf_counter()
    result = baseline_resource()().import_data(
        tablib.Dataset().load(sample.read_bytes().decode("cp932"), format="csv"),
        dry_run=False,
        use_transactions=True,
    )
    times["baseline_sample"] = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors(), "baseline failed"

    sample_bulk = sample.with_name("sample-bulk.csv")
    sample_bulk.write_bytes(sample.read_bytes().replace(b"\r\nB", b"\r\nS"))
    changed = roster_csv(big.with_name("changed.csv"), ROWS, "A", CODES, seed=3)
    steps = [("bulk_sample", sample_bulk), ("bulk", big), ("bulk_again", big)]
    for key, path in [*steps, ("bulk_changed", changed)]:
        started = time.perf_counter()
        plan = import_roster(path.read_bytes())
        times[key] = time.perf_counter() - started
        assert not plan.errors, plan.errors[:3]
        times[key + "_summary"] = plan.summary()
    return times


def baseline_resource():
    """What django-import-export does by default: a ModelResource, one row at a time."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from import_export import fields, resources, widgets

    from organisation.models import Department, Municipality, StaffProfile
    from organisation.roster.plan import username_for

    class DepartmentWidget(widgets.ForeignKeyWidget):
        def clean(self, value, row=None, **kwargs):
            municipality = Municipality.objects.get(code=row["自治体"])
            return Department.objects.get_or_create(municipality=municipality, name=value)[0]

    class RowByRowRoster(resources.ModelResource):
        employee_id = fields.Field("employee_id", "職員番号")
        display_name = fields.Field("display_name", "氏名")
        municipality = fields.Field(
            "municipality", "自治体", widgets.ForeignKeyWidget(Municipality, field="code")
        )
        department = fields.Field("department", "所属", DepartmentWidget(Department))
        job_category = fields.Field("job_category", "職種")
        active = fields.Field("active", "在籍", widgets.BooleanWidget())

        class Meta:
            model = StaffProfile
            import_id_fields = ("municipality", "employee_id")
            fields = ("employee_id", "display_name", "municipality", "department")
            fields += ("job_category", "active")

        def before_import_row(self, row, **kwargs):
            row["在籍"] = "1" if row["在籍"] == "在籍" else "0"

        def before_save_instance(self, instance, row, **kwargs):
            if instance.user_id is None:
                instance.user = get_user_model().objects.create(
                    username=username_for(instance.municipality, instance.employee_id),
                    email=row["メールアドレス"],
                    password=make_password(None),
                )

    return RowByRowRoster


def production_like(environment: dict, folder: str) -> dict:
    """DEBUG off, as in production: with DEBUG on, Django formats and keeps every query."""
    return {
        **environment,
        "VAR_DIR": folder,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key",
    }


@contextlib.contextmanager
def sqlite_environment():
    with tempfile.TemporaryDirectory(prefix="bench-roster-sqlite-") as folder:
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        yield production_like(environment, folder)


@contextlib.contextmanager
def postgres_environment():
    sys.path.insert(0, str(ROOT / "scripts"))
    from services import postgres

    with postgres() as url, tempfile.TemporaryDirectory(prefix="bench-roster-pg-") as folder:
        yield production_like({**os.environ, "DATABASE_URL": url}, folder)


ENGINES = [("sqlite", sqlite_environment), ("postgresql", postgres_environment)]


def child_result(arguments: list[str], environment: dict, what: str) -> dict:
    """The JSON a child `python -m bench.roster ARGUMENTS` prints last; its errors raised."""
    child = subprocess.run(
        [sys.executable, "-m", "bench.roster", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"{what}: {child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def peak_memory(mode: str, path: Path | None, environment: dict) -> float:
    """Peak resident MB of a child that starts Django and then does `mode` with `path`."""
    result = child_result(["memory", mode, str(path or "")], environment, f"memory {mode}")
    print(f"   memory {mode} {path.name if path else ''}: {result}", flush=True)
    return result["peak_mb"]


def measure_memory(mode: str, path: str) -> dict:
    """In the child process: the work, then this process's peak resident size (Linux: KiB)."""
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    from django.core.management import CommandError, call_command
    from django.db import connection

    connection.ensure_connection()
    outcome = "started"
    started = time.perf_counter()
    if mode == "import":
        out = io.StringIO()
        call_command("import_roster", path, "--json", stdout=out)
        outcome = json.loads(out.getvalue())["created"]
    elif mode == "refuse":
        try:
            call_command("import_roster", path, stdout=io.StringIO())
        except CommandError as error:
            outcome = str(error)
        else:
            raise RuntimeError(f"{path} was imported, not refused")
    return {
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": round(time.perf_counter() - started, 2),
        "outcome": outcome,
    }


def roster_xlsx(path: Path, rows: int) -> Path:
    """The CSV roster's rows as a workbook, written as Excel would (shared strings, styles)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    source = path.with_name(f"{path.stem}-source.csv")
    text = roster_csv(source, rows, "X", CODES, seed=4).read_bytes()
    for line in text.decode("cp932").splitlines():
        sheet.append(line.split(","))
    workbook.save(path)
    return path


def memory_figures(folder: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.organisation.roster import hostile

    files = {
        "zip_bomb_1gib": hostile.zip_bomb(folder / "bomb.xlsx"),
        "lying_zip_bomb_1gib": hostile.lying_zip_bomb(folder / "lying.xlsx"),
        "xlsx_1000000_rows": hostile.many_rows_xlsx(folder / "rows.xlsx", 1_000_000),
        "one_line_csv_50mb": hostile.one_line_csv(folder / "line.csv"),
    }
    figures = {}
    with sqlite_environment() as environment:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True
        )
        baseline = peak_memory("baseline", None, environment)
        importing = {
            "csv": roster_csv(folder / "memory.csv", ROWS, "M", CODES, seed=5),
            "xlsx": roster_xlsx(folder / "memory.xlsx", ROWS),
        }
        for kind, path in importing.items():
            figures[f"roster_import_{ROWS}_rows_{kind}_peak_memory"] = figure(
                peak_memory("import", path, environment),
                "MB",
                baseline,
                "bounded: grows with the rows, never with the file's tricks; "
                "baseline: interpreter and Django alone",
            )
        for name, path in files.items():
            figures[f"roster_refuse_{name}_peak_memory"] = figure(
                peak_memory("refuse", path, environment),
                "MB",
                baseline,
                "within a few MB of the baseline (interpreter and Django alone), in seconds",
            )
        wider = {**environment, "ROSTER_MAX_BYTES": str(64 * 1024 * 1024)}
        figures["roster_refuse_one_line_csv_50mb_under_64mb_limit_peak_memory"] = figure(
            peak_memory("refuse", files["one_line_csv_50mb"], wider),
            "MB",
            baseline,
            "the file read once, its line refused after 256,000 characters",
        )
    return figures


def run() -> dict:
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-roster-memory-") as folder:
        figures.update(memory_figures(Path(folder)))
    with tempfile.TemporaryDirectory(prefix="bench-roster-") as folder:
        big = roster_csv(Path(folder) / "roster.csv", ROWS, "A", CODES)
        sample = roster_csv(Path(folder) / "sample.csv", SAMPLE, "B", CODES, seed=2)
        for engine, environment in ENGINES:
            with contextlib.ExitStack() as stack:
                try:
                    env = stack.enter_context(environment())
                except RuntimeError as error:  # PostgreSQL missing: reported, not fatal
                    print(f"   {engine}: skipped ({error})", flush=True)
                    continue
                times = child_result([str(big), str(sample)], env, engine)
            extrapolated = times["baseline_sample"] * ROWS / SAMPLE
            figures[f"roster_import_{ROWS}_rows_{engine}"] = figure(
                times["bulk"], "s", extrapolated, "< 60 s; baseline extrapolated from a sample"
            )
            figures[f"roster_import_{SAMPLE}_rows_{engine}"] = figure(
                times["bulk_sample"], "s", times["baseline_sample"], "faster than row by row"
            )
            figures[f"roster_reimport_unchanged_{ROWS}_rows_{engine}"] = figure(
                times["bulk_again"], "s", None, "< 60 s, nothing written"
            )
            figures[f"roster_reimport_changed_{ROWS}_rows_{engine}"] = figure(
                times["bulk_changed"], "s", None, "< 60 s, most rows updated"
            )
            print(f"   {engine}: {json.dumps(times, ensure_ascii=False)}", flush=True)
    return figures


if __name__ == "__main__":
    if sys.argv[1] == "memory":
        print(json.dumps(measure_memory(sys.argv[2], sys.argv[3]), ensure_ascii=False))
    else:
        print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2])), ensure_ascii=False))
