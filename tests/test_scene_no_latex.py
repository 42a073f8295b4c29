"""Every scene renders on a machine without LaTeX: one warning line, then the formulas come
from matplotlib's mathtext instead of crashing.

LaTeX is made unreachable the way a machine without TeX Live sees it, by running manim with
a PATH that holds no ``latex`` and no ``dvisvgm`` (and a fresh media folder, so no formula
compiled earlier can be found in a cache). Anything still asking for LaTeX (a ``MathTex``,
an axis or ``DecimalNumber`` that typesets with it) would make manim fail.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from whyl1 import stories
from whyl1.outputs import THEME_ENV
from whyl1.render import scene_file
from whyl1.theme import palette

pytestmark = pytest.mark.render

SCENES = [story for story in stories.STORIES if story.has_output("scene")]
WARNING = "whyl1: warning: no LaTeX (latex + dvisvgm) found; formulas use matplotlib mathtext"


@pytest.mark.parametrize("story", SCENES, ids=lambda story: story.name)
def test_renders_without_latex(story, tmp_path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**os.environ, "PATH": str(empty_bin), THEME_ENV: "light"}
    media = str(tmp_path / "media")
    options = ["-s", "--quality", "l", "--media_dir", media, "--progress_bar", "none"]
    target = [str(scene_file(story)), story.scene_class]
    command = [sys.executable, "-m", "manim", "render", *options, "-o", story.name, *target]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    warning_lines = [line for line in done.stderr.splitlines() if "LaTeX" in line]
    assert warning_lines == [WARNING], done.stderr[-2000:]
    (frame,) = (tmp_path / "media").rglob(f"{story.name}.png")
    pixels = np.asarray(Image.open(frame).convert("RGB"), dtype=int)
    background = np.array([int(palette("light").background[i : i + 2], 16) for i in (1, 3, 5)])
    drawn = np.abs(pixels - background).sum(axis=-1) > 60
    assert drawn.mean() > 0.01, "the last frame is (nearly) empty"
    assert not (tmp_path / "media" / "Tex").exists(), "something still compiled LaTeX"
