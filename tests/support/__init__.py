"""Helpers the tests share; the fixtures built on them are in ``tests/conftest.py``."""
