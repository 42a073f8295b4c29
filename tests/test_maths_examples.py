"""The Examples in the maths docstrings run and print what they claim (doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from whyl1 import maths

MODULES = sorted(info.name for info in pkgutil.iter_modules(maths.__path__, "whyl1.maths."))


def test_the_examples_are_found():
    """Guards the test below against passing because the finder saw no example at all."""
    examples = sum(
        len(test.examples)
        for name in MODULES
        for test in doctest.DocTestFinder().find(importlib.import_module(name))
    )
    assert examples >= 10


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
