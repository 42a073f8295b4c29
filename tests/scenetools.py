"""Test helpers for scenes: render at low quality, read frames back, inspect colours.

Used by every ``tests/test_scene_*.py``. Rendering goes through the product's own
``whyl1.render.render_scene`` (a manim subprocess), so the tests exercise the
path ``whyl1 render`` takes; ``construct_scene`` builds a scene in-process with
manim's dry run to read what it displays without encoding video.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

import av
import numpy as np
from manim import Scene, tempconfig

from whyl1 import stories
from whyl1.render import PARAMS_ENV, THEME_ENV, SceneOutput, render_scene


def render(
    story: str, out_dir: Path, params: dict[str, str] | None = None, theme: str = "light"
) -> SceneOutput:
    """Render a story's scene at the lowest quality, with its section videos."""
    return render_scene(
        stories.get(story), params or {}, out_dir=out_dir, theme=theme, save_sections=True
    )


def read_frames(video: Path) -> list[np.ndarray]:
    """Every frame of a video as an RGB uint8 array (H, W, 3)."""
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def last_frame(video: Path) -> np.ndarray:
    return read_frames(video)[-1]


def first_frame(video: Path) -> np.ndarray:
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            return frame.to_ndarray(format="rgb24")
    raise ValueError(f"{video} has no frames")


def section(output: SceneOutput, name: str) -> np.ndarray:
    """First frame of the section (``next_section``) whose file name ends with ``name``:
    what the scene shows as that teaching step begins."""
    (path,) = [p for p in output.sections if p.stem.endswith(name)]
    return first_frame(path)


def video_duration(video: Path) -> float:
    """Duration in seconds, from the stream's frame count and rate."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.decode(video=0))
        return float(frames / stream.average_rate)


def hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def color_fraction(
    frame: np.ndarray,
    color: str,
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    tolerance: float = 40.0,
) -> float:
    """Fraction of pixels in ``box`` (relative x0, y0, x1, y1; y down) within
    ``tolerance`` (Euclidean RGB distance) of ``color``. The tolerance absorbs
    anti-aliasing and video compression; pure palette colours are far apart."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = box
    region = frame[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].astype(float)
    distance = np.linalg.norm(region - hex_to_rgb(color), axis=-1)
    return float(np.mean(distance <= tolerance))


def scene_box(
    x: float, y: float, half_width: float, half_height: float | None = None
) -> tuple[float, float, float, float]:
    """A ``color_fraction`` box around the scene point ``(x, y)`` (Manim units, y up),
    so tests can name regions in the coordinates the scene was laid out in."""
    from manim import config

    half_height = half_width if half_height is None else half_height
    width, height = config.frame_width, config.frame_height

    def rel_x(value: float) -> float:
        return min(max(value / width + 0.5, 0.0), 1.0)

    def rel_y(value: float) -> float:
        return min(max(0.5 - value / height, 0.0), 1.0)

    return (
        rel_x(x - half_width),
        rel_y(y + half_height),
        rel_x(x + half_width),
        rel_y(y - half_height),
    )


def blend(color: str, opacity: float, background: str) -> str:
    """The colour a fill of ``color`` at ``opacity`` shows over ``background`` (hex), to look
    for translucent regions with ``color_fraction``."""
    mixed = opacity * hex_to_rgb(color) + (1.0 - opacity) * hex_to_rgb(background)
    return "#" + "".join(f"{round(c):02X}" for c in mixed)


def save_png(frame: np.ndarray, path: Path) -> Path:
    """Write a frame as PNG, to look at it with an image viewer."""
    from PIL import Image

    Image.fromarray(frame).save(path)
    return path


@functools.cache
def _private_media_dir() -> Path:
    """A media folder for this process alone. A dry run still compiles every formula under
    ``<media_dir>/Tex``; in the shared ``./media`` two processes (the test workers, a render
    in the same checkout) compiling the same formula at once truncate each other's .dvi, and
    manim then reports that dvisvgm "does not support" the conversion."""
    folder = Path(tempfile.mkdtemp(prefix="whyl1-scenetools-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def construct_scene(
    scene_class: type[Scene], params: dict[str, str] | None = None, theme: str = "light"
) -> Scene:
    """Run a scene's ``construct`` in-process with manim's dry run (no video written)
    and return it, so a test can read ``scene.displayed`` and ``scene.mobjects``.

    Every animation is skipped to its end, as ``manim -s`` does: what a scene displays
    is built in ``construct``, not frame by frame, and stepping through every frame's
    updaters would cost as much as a render (a minute and more for updater-heavy scenes).
    """
    saved = {key: os.environ.get(key) for key in (PARAMS_ENV, THEME_ENV)}
    os.environ[PARAMS_ENV] = json.dumps(params or {})
    os.environ[THEME_ENV] = theme
    settings = {
        "dry_run": True,
        "quality": "low_quality",
        "disable_caching": True,
        "from_animation_number": 10**9,  # skip all: play() jumps each animation to its end
        "progress_bar": "none",
        "media_dir": str(_private_media_dir()),
    }
    try:
        with tempconfig(settings):
            scene = scene_class()
            scene.render()
        return scene
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
