"""Shared pytest fixtures: real NATS and PostgreSQL for the integration and e2e tiers."""

import os

# Tests run the platform as a development trial (plain-HTTP cookies); the production refusals are tested explicitly.
os.environ.setdefault("LPSE_ENV", "development")

pytest_plugins = ["tests.support"]
