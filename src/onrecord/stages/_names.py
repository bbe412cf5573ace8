"""Kept until the merge, for meta.py: the word lists are in :mod:`onrecord.lexicon.people`."""
from ..lexicon.people import given_names

__all__ = ["given_names"]
