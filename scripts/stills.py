"""Regenerate the README's stills: the last frame of every scene, small, in assets/stills/.

    .venv/bin/python scripts/stills.py [STORY ...]

Uses manim's save-last-frame mode (``-s``), which skips rendering the video, at
480p, through the same scene files and environment as ``whyl1 render``. Run it
after changing a scene, and commit the PNGs it writes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from whyl1 import stories
from whyl1.render import scene_environment, scene_file
from whyl1.voice import NONE

STILLS = Path(__file__).resolve().parent.parent / "assets" / "stills"


def still(story: stories.Story, target: Path) -> Path:
    """Render the last frame of ``story``'s scene to ``target`` as an optimised PNG."""
    with tempfile.TemporaryDirectory() as media:
        options = ["-s", "--quality", "l", "--media_dir", media, "--progress_bar", "none"]
        options += ["--verbosity", "WARNING", "-o", story.name]
        scene = [str(scene_file(story)), story.scene_class]
        command = [sys.executable, "-m", "manim", "render", *options, *scene]
        subprocess.run(command, env=scene_environment({}, "light", NONE), check=True)
        (frame,) = Path(media).rglob(f"{story.name}*.png")
        Image.open(frame).convert("RGB").save(target, optimize=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="stories (default: every one with a scene)")
    names = parser.parse_args().names
    picked = [stories.get(n) for n in names] or [
        s for s in stories.STORIES if s.has_output("scene")
    ]
    STILLS.mkdir(parents=True, exist_ok=True)
    for story in picked:
        print(f"{story.name}: {still(story, STILLS / f'{story.name}.png')}")


if __name__ == "__main__":
    main()
