"""The plans fixtures, for the tests here that set up data across apps (outside the package the import contracts check)."""

from yingshang.plans.tests.conftest import *  # noqa: F401,F403
