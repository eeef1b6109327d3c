"""Login limits hold only if every process counts in the same place."""

from coop.core.config import shared_limits_problem


def test_production_needs_a_shared_storage_for_the_login_limits():
    production = {"DEVELOPMENT": False, "TESTING": False}
    assert "Redis" in shared_limits_problem({**production, "RATELIMIT_STORAGE_URI": "memory://"})
    assert shared_limits_problem(production) is not None
    shared = {**production, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}
    assert shared_limits_problem(shared) is None


def test_a_laptop_tests_or_one_declared_process_may_count_in_memory():
    memory = {"RATELIMIT_STORAGE_URI": "memory://"}
    assert shared_limits_problem({**memory, "DEVELOPMENT": True}) is None
    assert shared_limits_problem({**memory, "TESTING": True}) is None
    assert shared_limits_problem({**memory, "RATELIMIT_ONE_PROCESS": True}) is None
