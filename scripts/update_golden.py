"""Rewrites the golden ``whyl1 data`` outputs that tests/test_data_golden.py compares against.

Every story's JSON and CSV with default parameters, and one non-default ``--set`` case per
story, are kept byte for byte in ``tests/golden/``: they pin the data contract, so a change
to how a story's numbers are built or exported that alters a single byte shows up in review.
Run ``.venv/bin/python scripts/update_golden.py`` only after an intended change to a story's
numbers, read the diff, and commit the files with the change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from whyl1 import stories
from whyl1.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden"
FORMATS = ("json", "csv")

# One non-default case per story: small sizes where a story has them, and values that keep
# the story's own checks true (a whole multiple of eta*lam for steps, a bounce for oscillation).
SET_CASES: dict[str, tuple[str, ...]] = {
    "penalties": ("w_max=3", "points=21"),
    "steps": ("w0=-3", "eta=0.25", "n=16"),
    "oscillation": ("w0=3.1", "eta=0.25", "data_center=-0.4"),
    "epsilon": ("eps=0.2", "delta=0.1"),
    "kink": ("c=-1.5", "beta=0.5"),
    "geometry": ("center=1.5,3", "hessian=1,0.5,2", "t=0.8", "edge_center=2.5,0.9"),
    "thresholding": ("gamma=0.5", "beta=1.5,-0.5", "samples=1000", "seed=3", "shown=10"),
    "priors": ("narrow_sigma=0.3", "points=41", "noise_sd=0.8"),
    "lp-balls": ("l1_ratio=0.7", "points=41", "center=-2.2,0.6", "hessian=2,-0.3,1"),
    "path": ("points=12", "lambda_ratio=0.01"),
    "selection": ("n_samples=80", "n_features=40", "n_relevant=5", "lam=0.1", "seed=7"),
}


def cases() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(file stem, story, --set pairs)`` for every golden case, defaults first."""
    defaults = [(name, name, ()) for name in stories.NAMES]
    overridden = [(f"{name}.set", name, pairs) for name, pairs in SET_CASES.items()]
    return defaults + overridden


def data_output(story: str, pairs: tuple[str, ...], fmt: str) -> str:
    """What ``whyl1 data STORY --set ... --format FMT`` prints."""
    args = ["data", story, *(arg for pair in pairs for arg in ("--set", pair)), "--format", fmt]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"whyl1 {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.output


def golden_path(stem: str, fmt: str) -> Path:
    return GOLDEN_DIR / f"{stem}.{fmt}"


def main() -> int:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for stem, story, pairs in cases():
        for fmt in FORMATS:
            target = golden_path(stem, fmt)
            target.write_text(data_output(story, pairs, fmt), encoding="utf-8", newline="")
            print(f"{target.relative_to(ROOT)}  {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
