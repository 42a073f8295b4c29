"""The markup of the course page and the explorer, as ``string.Template`` files.

HTML lives in these files, not in Python strings: ``whyl1.page`` and
``whyl1.explorer`` only fill them, with values they have escaped. One rule for every
file: its final newline is not part of the template, so every file ends with one, as
editors keep it, and a fragment can still end mid-line; a template whose output ends
with a newline (a whole page) ends with an empty line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template


@cache
def template(name: str) -> Template:
    """The template in ``whyl1/templates/<name>`` (read once per process)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return Template(text.removesuffix("\n"))


def fill(name: str, /, **values: str) -> str:
    """The template ``name`` with every ``$placeholder`` replaced (a missing value is an
    error, not an empty string). ``name`` is positional-only, so a template may have a
    ``$name`` of its own."""
    return template(name).substitute(values)


def web_file(name: str) -> str:
    """A script or style sheet of ``whyl1/web`` (package data) as text, for pages that
    inline it so they work from ``file://`` with no request."""
    return resources.files("whyl1").joinpath("web", name).read_text(encoding="utf-8")
