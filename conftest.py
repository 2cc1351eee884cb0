"""Shared pytest fixtures: real NATS and PostgreSQL for the integration and e2e tiers."""

pytest_plugins = ["devstack.testing"]
