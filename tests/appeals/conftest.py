"""The appeals fixtures, for the tests here that set up data across apps (outside the package the import contracts check)."""

from yingshang.appeals.tests.conftest import *  # noqa: F401,F403
