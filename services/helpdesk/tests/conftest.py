"""Helpdesk's test fixtures, one module per part of the desk (fixtures_b: the ticket desk)."""

from services.helpdesk.tests.fixtures_b import pool

__all__ = ["pool"]
