"""Story data as JSON or long-format CSV: the ``whyl1 data`` contract.

JSON keeps the nesting of the maths results; non-finite floats, which JSON
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
from typing import Any

import numpy as np


def to_plain(value: Any) -> Any:
    """Numpy arrays, scalars and tuples → lists, Python numbers and strings for JSON.

    Floats keep 15 significant digits, all a double carries for a decimal input:
    ``5.1 − 1.5`` in binary is 3.5999999999999996, and 3.6 is what it means.
    Exact zeros stay exact, and so do tiny non-zero numbers (1e-17 stays 1e-17).
    """
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
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


def to_json(data: dict) -> str:
    """The story's numbers as indented JSON, floats written with full precision."""
    return json.dumps(to_plain(data), indent=2, allow_nan=False) + "\n"


def _rows(prefix: str, value: Any) -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _rows(f"{prefix}.{key}" if prefix else str(key), item)
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


def to_csv(data: dict) -> str:
    """The story's numbers as long-format CSV (``key,index,value``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "index", "value"])
    for key, index, value in _rows("", data):
        writer.writerow([key, index, "" if value is None else value])
    return buffer.getvalue()
