"""``whyl1 data`` prints, byte for byte, the committed golden JSON and CSV of every story.

The golden files (``tests/golden/``) were written from the CLI by
``scripts/update_golden.py``: every story with its defaults, and one ``--set`` case per
story. They pin the data contract, so refactoring how a story's numbers are built or
exported cannot change a byte of what a user gets without this test failing. After an
intended change to a story's numbers, rerun the script, read the diff, and commit it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from whyl1 import stories

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "update_golden", ROOT / "scripts" / "update_golden.py"
)
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_every_story_has_a_default_and_a_set_case():
    stems = {stem for stem, _story, _pairs in golden.cases()}
    assert stems == set(stories.NAMES) | {f"{name}.set" for name in stories.NAMES}


@pytest.mark.parametrize("fmt", golden.FORMATS)
@pytest.mark.parametrize(
    ("stem", "story", "pairs"), golden.cases(), ids=[stem for stem, *_ in golden.cases()]
)
def test_data_output_matches_golden(stem, story, pairs, fmt):
    expected = golden.golden_path(stem, fmt).read_bytes()
    assert golden.data_output(story, pairs, fmt).encode("utf-8") == expected
