"""Shared test fixtures: one small demo city per test session (and per xdist worker)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse the ORM calls the tests make around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The suite seals the audit chain with a fixed test key and never reads a developer's var/audit.key
# (the environment for subprocesses; the settings themselves are already loaded by pytest-django).
TEST_AUDIT_KEY = "pytest-audit-key-not-for-production"
os.environ["YINGSHANG_AUDIT_KEY"] = TEST_AUDIT_KEY
os.environ["YINGSHANG_AUDIT_KEY_FILE"] = ""


def pytest_configure(config):
    from django.conf import settings

    settings.YINGSHANG_AUDIT_KEY = TEST_AUDIT_KEY
    settings.YINGSHANG_AUDIT_KEY_FILE = ""


# The plan parser's tests call pure functions on files and text: no database fixture, no subprocess. They read the same
# on SQLite and on PostgreSQL, so they are marked `dbfree` and the PostgreSQL pass of `make test` leaves them out (they
# are a third of the suite's time). A test there that asks for the database keeps running on both.
_PURE_PARSER_TESTS = ("plans/tests/test_parsing", "plans/tests/test_heldout_plans.py", "plans/tests/test_pdf_tables.py")
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        uses_database = item.get_closest_marker("django_db") is not None or _DATABASE_FIXTURES & set(item.fixturenames)
        if any(part in path for part in _PURE_PARSER_TESTS) and not uses_database:
            item.add_marker("dbfree")


TEST_CITY_ENTERPRISES = 400


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    from yingshang.core.demo import database_is_empty, demo_build

    # Module demo steps scale their volumes down for the test city (core.modules.demo_scale), and
    # files they write (models, bulletins, evidence) go to a throwaway folder, not the demo's var/.
    settings.YINGSHANG_DEMO_SCALE = 0.05
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # Test transactions roll back underneath any per-process cache of configuration tables.
    settings.YINGSHANG_CONFIG_CACHE_SECONDS = 0
    with django_db_blocker.unblock():
        if database_is_empty():
            demo_build(enterprises=TEST_CITY_ENTERPRISES, seed=7)
        # Tests against a live server run in transactions that end with a flush; with
        # serialized_rollback they get this city back instead of an empty database — from a copy of its
        # tables taken here (CitySnapshot), not from Django's JSON dump, which took 4 s (SQLite) to 11 s
        # (PostgreSQL) to reload before every browser test.
        from django.db import connection

        CitySnapshot.install(connection)


class CitySnapshot:
    """The test city, copied once beside the test database and put back before each serialized_rollback test.

    Django restores such a test's data by deserializing a JSON dump of the whole database object by object
    (serialize_db_to_string / deserialize_db_from_string). Here the restore copies rows instead, inside the
    database: PostgreSQL keeps the city in a schema of its own and refills every table with TRUNCATE +
    INSERT ... SELECT in one transaction (foreign keys are DEFERRABLE, checked at commit); SQLite (in memory)
    keeps a copy of the database and puts it back with SQLite's backup API. Django's flush after each test
    still runs, so a later test that is transactional without serialized_rollback finds an empty database, as
    before. Other database vendors keep Django's own JSON restore.
    """

    SCHEMA = "test_city_snapshot"

    @classmethod
    def install(cls, connection):
        if connection.vendor not in ("postgresql", "sqlite"):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
            return
        snapshot = cls(connection)
        # Django only checks that the contents exist before calling deserialize_db_from_string(contents). Both are
        # set on the classes, not on this connection object: the test thread can get another wrapper of the same
        # database later (Playwright's sync API starting after the database switches the context that Django's
        # connection handler keys on), and that wrapper must restore the city too, through itself.
        from django.db import connections

        wrapper = connections[connection.alias]  # the DatabaseWrapper itself (django.db.connection is a proxy to it)
        type(wrapper)._test_serialized_contents = "test city: see CitySnapshot"
        type(wrapper.creation).deserialize_db_from_string = lambda creation, _contents: snapshot.restore(creation.connection)

    def __init__(self, connection):
        self.connection = connection
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        if connection.vendor == "postgresql":
            self._take_postgresql()
        else:
            self._take_sqlite()

    def restore(self, connection=None):
        connection = connection or self.connection
        if connection.vendor == "postgresql":
            self._restore_postgresql(connection)
        else:
            self._restore_sqlite(connection)

    def _take_postgresql(self):
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE; CREATE SCHEMA {self.SCHEMA}")
            self.filled = []
            for table in self.tables:
                cursor.execute(f"CREATE TABLE {self.SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
                if cursor.rowcount:
                    self.filled.append(table)

    def _restore_postgresql(self, connection):
        from django.db import transaction

        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in self.tables))
            for table in self.filled:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {self.SCHEMA}.{quote(table)}")

    def _take_sqlite(self):
        import sqlite3

        self.connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        self.connection.connection.backup(self.copy)

    def _restore_sqlite(self, connection):
        connection.ensure_connection()
        live = connection.connection
        # Ids handed out since the city was built stay used (as Django's restore leaves them): a later test
        # never gets the id of an earlier test's row, e.g. for a file stored under that id.
        used = live.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        self.copy.backup(live)
        live.executemany("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", [(seq, name) for name, seq in used])
        live.commit()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "triage"]}}


@pytest.fixture(scope="session", autouse=True)
def tasks_run_immediately():
    """Background jobs run synchronously inside the test (core/jobs.py); the worker tests switch the
    database backend back on (yingshang/core/tests/test_jobs_worker.py)."""
    from django.test import override_settings

    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


# The login controls that would get in the way of every other test: the second factor of city-wide roles
# and the per-address rate limits (every test client is 127.0.0.1). The security tests switch them back on
# (yingshang/core/tests/test_login_security.py); the captcha accepts the answer "PASSED" (CAPTCHA_TEST_MODE).
LOGIN_CONTROLS_OFF = {"YINGSHANG_TWO_FACTOR_REQUIRED": False, "YINGSHANG_LOGIN_RATE_PER_IP": None, "YINGSHANG_PUBLIC_FORM_RATE_PER_IP": None,
                      "YINGSHANG_OPEN311_RATE_PER_IP": None}


@pytest.fixture(scope="session", autouse=True)
def login_controls_relaxed():
    from captcha.conf import settings as captcha_settings
    from django.test import override_settings

    captcha_settings.CAPTCHA_TEST_MODE = True
    with override_settings(**LOGIN_CONTROLS_OFF):
        yield


@pytest.fixture
def users(db):
    from yingshang.core.models import User

    return {u.username: u for u in User.objects.select_related("unit", "enterprise")}


@pytest.fixture
def client_for(client, users):
    """A test client logged in as one of the demo users."""

    def login(username):
        client.force_login(users[username])
        return client

    return login


# --- browser tests: Playwright driving Debian's Chromium -------------------------------------------

# The live server of the browser tests shares the test's in-memory SQLite connection with its request threads.
# Several threads using one sqlite3 connection at once (a page firing parallel fetches: the cockpit's panels,
# htmx polls) could wait on each other forever. One request at a time removes that: Django's own WSGIServer
# answers "Connection: close" when it is not threaded, so the browser never waits on a kept-alive socket.
from django.core.servers.basehttp import WSGIServer  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402


class SerialLiveServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override  # LiveServerThread.run() installs them in its thread

    def process_request(self, request, client_address):
        """Serve one request, then close the thread's own database connections (settings keep them 60 s).

        A PostgreSQL session left open between tests would stop a later test from copying the test database
        as a template (core/tests/jobs_support.py), and the test database from being dropped at the end.
        The shared in-memory SQLite connection (connections_override) stays open: it is the test's own.
        """
        from django.db import connections

        try:
            super().process_request(request, client_address)
        finally:
            shared = set(map(id, (self.connections_override or {}).values()))
            for connection in connections.all(initialized_only=True):
                if id(connection) not in shared:
                    connection.close()


LiveServerThread.server_class = SerialLiveServer


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium_path():
    import shutil

    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        pytest.skip("未找到 Debian 的 chromium(make test 会在有权限时安装):跳过浏览器测试")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real login form, as a person would."""

    def do_login(username, password="Yingshang@2026"):
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return do_login


@pytest.fixture
def nav(page):
    """Open a page from the top bar as a person would: its module menu first, then the page's link."""

    def go(title: str):
        link = page.locator("nav.mainnav").get_by_role("link", name=title, exact=True, include_hidden=True)
        menu_button = link.locator("xpath=ancestor::li[contains(@class, 'navgroup')]/button")
        if page.locator("button.navbutton").is_visible() and page.locator("button.navbutton").get_attribute("aria-expanded") != "true":
            page.locator("button.navbutton").click()
        if menu_button.count() and menu_button.get_attribute("aria-expanded") != "true":
            menu_button.click()
        link.click()
        return page

    return go
