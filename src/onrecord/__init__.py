"""onrecord: who said what, about whom, when, and on whose authority.

>>> from onrecord import process
>>> record = process(open("examples/port-authority.txt", "rb").read(), id="port-authority")
>>> [a.content_text for a in record.attributions]  # doctest: +SKIP
"""

from .errors import InputError, OnrecordError, StageError
from .model import Attribution, Entity, Meta, Quantity, Record, Span, Time
from .pipeline import Failure, Input, learn_boilerplate, process, process_many

__version__ = "0.1.0"

__all__ = [
    "Attribution", "Entity", "Failure", "Input", "InputError", "Meta", "OnrecordError", "Quantity", "Record",
    "Span", "StageError", "Time", "__version__", "learn_boilerplate", "process", "process_many",
]
