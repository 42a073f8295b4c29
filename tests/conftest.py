"""Shared fixtures of the scene tests: each ``tests/test_scene_<story>.py`` names its scene
class as ``SCENE`` and gets the story rendered once (``output``) and built once in-process
(``scene``), both shared by every test of the module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scenetools import Rendered, default_scene, render

from whyl1.narration import CACHE_ENV

# One speech cache for the whole suite and the renders it starts (they inherit the
# environment), kept between runs like a user's: a scene's beats are synthesised once,
# by whichever test module gets there first, and read from the cache ever after.
os.environ[CACHE_ENV] = str(Path(__file__).resolve().parent.parent / "build" / "test-speech-cache")


@pytest.fixture(scope="module")
def output(request, tmp_path_factory):
    """The module's scene rendered once at low quality, with its sections and captions."""
    story = request.module.SCENE.story
    return Rendered(render(story, tmp_path_factory.mktemp(story)))


@pytest.fixture(scope="module")
def scene(request):
    """The module's scene built in-process with the story's defaults (manim's dry run)."""
    return default_scene(request.module.SCENE)
