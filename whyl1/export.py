"""Story data as JSON or long-format CSV: the ``whyl1 data`` contract.

Both walk the story's result (``whyl1.results``) field by field in declaration
order, a nested result becoming a nested object, and leave out the fields marked
``NOT_EXPORTED``. JSON keeps that nesting; non-finite floats, which JSON
cannot carry, become ``null`` (NaN) or the strings ``"inf"``/``"-inf"``. CSV is
"long": one row per number, ``key,index,value``, where ``key`` is the dotted
path and ``index`` the position inside an array (``3`` or ``3;1``), so every
story, whatever its shapes, fits one table.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import is_dataclass
from typing import Any

import numpy as np

from whyl1.results import StoryResult, exported_fields


def to_plain(value: Any) -> Any:
    """Results, numpy arrays, scalars and tuples → dicts, lists, Python numbers and strings.

    Floats keep 15 significant digits, all a double carries for a decimal input:
    ``5.1 − 1.5`` in binary is 3.5999999999999996, and 3.6 is what it means.
    Exact zeros stay exact, and so do tiny non-zero numbers (1e-17 stays 1e-17).
    """
    if _is_result(value):
        return {name: to_plain(item) for name, item in exported_fields(value)}
    if isinstance(value, np.ndarray):
        return [to_plain(v) for v in value.tolist()] if value.ndim else to_plain(value.item())
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, np.generic):
        return to_plain(value.item())
    if isinstance(value, float):
        if not math.isfinite(value):
            return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return float(f"{value:.15g}")
    return value


def _is_result(value: Any) -> bool:
    """A story result or one of its nested results (a dataclass instance, not the class)."""
    return is_dataclass(value) and not isinstance(value, type)


def to_json(data: StoryResult) -> str:
    """The story's numbers as indented JSON, floats written with full precision."""
    return json.dumps(to_plain(data), indent=2, allow_nan=False) + "\n"


def _rows(prefix: str, value: Any) -> Iterator[tuple[str, str, Any]]:
    if _is_result(value):
        for name, item in exported_fields(value):
            yield from _rows(f"{prefix}.{name}" if prefix else name, item)
        return
    if (
        isinstance(value, list | tuple)
        and value
        and not all(isinstance(v, int | float | bool | str | type(None)) for v in value)
    ):
        if all(isinstance(v, np.ndarray) for v in value):  # a list of arrays: index first
            for i, item in enumerate(value):
                for index, number in np.ndenumerate(item):
                    yield prefix, ";".join(map(str, (i, *index))), to_plain(number)
            return
    array = np.asarray(value) if not isinstance(value, str) else None
    if array is None or array.ndim == 0:
        yield prefix, "", to_plain(value)
        return
    for index, number in np.ndenumerate(array):
        yield prefix, ";".join(map(str, index)), to_plain(number)


def to_csv(data: StoryResult) -> str:
    """The story's numbers as long-format CSV (``key,index,value``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "index", "value"])
    for key, index, value in _rows("", data):
        writer.writerow([key, index, "" if value is None else value])
    return buffer.getvalue()
