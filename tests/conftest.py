"""Shared fixtures. The scene tests: each ``tests/test_scene_<story>.py`` names its scene
class as ``SCENE`` and gets the story rendered once (``output``) and built once in-process
(``scene``), both shared by every test of the module. The embedding tests (Sphinx, MkDocs,
notebooks): one whyl1 cache folder for the whole run (``whyl1_cache``)."""

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest files first: the fault trials, then the files that render video, then the
    rest. ``--dist loadfile`` hands out whole files in this order, so the two workers end
    together instead of one rendering a last scene while the other waits."""

    def weight(item: pytest.Item) -> int:
        if item.get_closest_marker("faults"):
            return 0
        return 1 if item.get_closest_marker("render") else 2

    by_file: dict[Path, int] = {}
    for item in items:
        by_file[item.path] = min(by_file.get(item.path, 2), weight(item))
    items.sort(key=lambda item: by_file[item.path])


@pytest.fixture(scope="module")
def output(request, tmp_path_factory):
    """The module's scene rendered once at low quality, with its sections and captions."""
    story = request.module.SCENE.story
    return Rendered(render(story, tmp_path_factory.mktemp(story)))


@pytest.fixture(scope="module")
def scene(request):
    """The module's scene built in-process with the story's defaults (manim's dry run)."""
    return default_scene(request.module.SCENE)


@pytest.fixture(scope="session")
def whyl1_cache(tmp_path_factory, worker_id):
    """A whyl1 cache folder (``$WHYL1_CACHE``) shared by every test module of the run, on
    every pytest-xdist worker (the parent of a worker's temporary folder is the run's):
    the Sphinx, MkDocs and notebook tests embed the same blocks, which the first to get
    there renders and the others find up to date, waiting on the block folder's lock
    while it renders."""
    run_folder = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run_folder = run_folder.parent
    return run_folder / "whyl1-cache"


@pytest.fixture(scope="module")
def whyl1_cache_in_env(whyl1_cache):
    """``$WHYL1_CACHE`` set to the run's cache for a whole module, so what its renders keep
    beside their outputs (narration's speech) stays in the run, and the subprocesses it
    starts (sphinx-build, mkdocs) inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WHYL1_CACHE", str(whyl1_cache))
        yield whyl1_cache
