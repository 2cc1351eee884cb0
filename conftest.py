"""Shared pytest fixtures: real NATS and PostgreSQL for the integration and e2e tiers; every test's tier checked."""

import os
from pathlib import Path

import pytest

# Tests run the platform as a development trial (plain-HTTP cookies); the production refusals are tested explicitly.
os.environ.setdefault("LPSE_ENV", "development")

pytest_plugins = ["tests.support"]

# `make unit` deselects these two markers, so a test that needs a server must carry one of them.
SERVER_TIERS = frozenset({"integration", "e2e"})
# Folders whose every test starts a server (a whole stack, PostgreSQL, NATS, Caddy or Chromium).
SERVER_FOLDERS = ("tests/browser/", "tests/e2e/", "tests/reliability/", "/tests/integration/")
# Fixtures that start a server: a test using one (directly or through another fixture) is not a unit test.
SERVER_FIXTURES = frozenset({"infra", "nc", "stack", "browser"})
ROOT = Path(__file__).resolve().parent


def untiered(item: pytest.Item) -> str | None:
    """Why a test that needs a server would run in `make unit`, or None when its tier is explicit."""
    marks = {mark.name for mark in item.iter_markers()}
    if marks & SERVER_TIERS:
        return None
    path = item.path.resolve()
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
    if any(folder in f"/{where}" for folder in SERVER_FOLDERS):
        return f"{item.nodeid}: lies in a server tier's folder"
    needs = SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if needs:
        return f"{item.nodeid}: uses {', '.join(sorted(needs))}"
    if marks & {"browser", "reliability"}:
        return f"{item.nodeid}: is marked {', '.join(sorted(marks & {'browser', 'reliability'}))}"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse to run when a test needing a server carries neither `integration` nor `e2e` (it would run as a unit)."""
    problems = [problem for problem in map(untiered, items) if problem]
    if problems:
        listed = "\n  ".join(problems)
        raise pytest.UsageError(f"tests without their tier marker (integration or e2e):\n  {listed}")
