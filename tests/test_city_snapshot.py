"""The test city comes back whole before every serialized_rollback test (conftest.CitySnapshot)."""

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_flushed_database_gets_the_whole_city_back_and_ids_are_never_handed_out_twice():
    from django.contrib.auth.models import Group

    city = connection.creation.serialize_db_to_string()
    written = Group.objects.create(name="快照测试-1")  # a test's write
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True)
    assert not Group.objects.exists()

    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)

    assert connection.creation.serialize_db_to_string() == city
    assert not Group.objects.filter(name="快照测试-1").exists()
    fresh = Group.objects.create(name="快照测试-2")
    assert fresh.pk > written.pk
