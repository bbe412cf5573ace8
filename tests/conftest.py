"""Shared fixtures: the spaCy-backed pipeline is loaded once per test session, and the
shared evaluation data (../shared) is found wherever the checkout sits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def find_shared() -> Path | None:
    """The shared data folder: $ONRECORD_SHARED, ../shared beside the checkout, or /work/shared."""
    for cand in (os.environ.get("ONRECORD_SHARED"), REPO.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder. In CI its absence is an error; elsewhere the test is skipped."""
    path = find_shared()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("shared data not found: set ONRECORD_SHARED to the folder holding data/ and eval/")
        pytest.skip("shared data not found (set ONRECORD_SHARED)")
    return path
