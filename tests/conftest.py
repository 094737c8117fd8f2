import os

import pytest

from tests.services import unavailable

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling out of this closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}; CI={os.environ.get('CI', '')}"


def pytest_collection_modifyitems(items) -> None:
    """Tests that commit (browser tests against the live server, `transaction=True`) restore the
    migration data.

    Without it, the flush after such a test re-runs post_migrate, which makes the role groups
    again under new ids, and the next test that restores the serialized data collides with them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and marker.kwargs.get("transaction")
        restores = marker is not None and marker.kwargs.get("serialized_rollback")
        if ({"live_server", "transactional_db"} & set(item.fixturenames) or commits) and not (
            restores
        ):
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


@pytest.fixture(autouse=True)
def celery_follows_the_settings():
    """Celery's conf reads CELERY_* settings until a value is set on it directly, and several
    tests set `app.conf.task_always_eager` so; forget it after each test, so that whether tasks
    run at once is decided by the settings of the test, never by an earlier one."""
    from lms.celery import app

    yield
    if "task_always_eager" in app.conf.changes:
        del app.conf.changes["task_always_eager"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes media into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_demo_recording(settings):
    """seed_demo's generated video takes seconds; only the media tests that need it turn it on."""
    settings.DEMO_RECORDING = False


@pytest.fixture
def course_index(db):
    from demo.catalogue import site_root

    return site_root()


@pytest.fixture
def memory_broker(settings):
    """Tasks go to Celery's in-memory broker, in this process, and wait there for a worker
    (tests.conftest.worker) instead of running at once or reaching the project's broker."""
    from lms.celery import app

    names = ("broker_url", "task_always_eager", "worker_hijack_root_logger")
    saved = {name: app.conf[name] for name in names}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(
        broker_url="memory://", task_always_eager=False, worker_hijack_root_logger=False
    )
    new_broker_connections(app)
    yield app
    app.conf.update(saved)
    new_broker_connections(app)


def new_broker_connections(app) -> None:
    """Drop the pooled connections (kombu keeps its producer pools process-wide), so that the
    next task sent uses the broker now set: what Celery itself does after a fork."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(memory_broker):
    """A real Celery worker in a thread, taking the tasks of both queues from the memory broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        memory_broker, pool="solo", perform_ping_check=False, queues=["celery", "transcode"]
    ) as running:
        yield running


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium, headless, driven by Playwright."""
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def test_client_login_with_a_request(monkeypatch):
    """django-axes counts sign-ins per address, so authenticate() must be given the request;
    the test client's login() (and Wagtail's test helpers built on it) gives none."""
    from django.http import HttpRequest
    from django.test import Client

    login = Client.login

    def login_with_request(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return login(self, **{"request": request, **credentials})

    monkeypatch.setattr(Client, "login", login_with_request)
    # Wagtail's page tests sign in with the first backend, django-axes' watcher, which signs
    # nobody in (it only refuses locked-out accounts); the model backend is the one that does.
    monkeypatch.setattr(
        "wagtail.test.utils.page_tests.AUTH_BACKEND", "django.contrib.auth.backends.ModelBackend"
    )
