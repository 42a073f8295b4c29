"""The shared cache of compiled formulas (``whyl1.texcache``): what it serves is what
manim would have compiled, several processes wanting one new formula compile it once
and all read a whole file, a key changes with everything that changes the SVG, and a
damaged entry or a formula the cache cannot serve never breaks a render.

Each test compiles a formula or two (under a second each) in its own cache folder, and
none renders a scene."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, config, tempconfig
from manim.utils.tex import TexTemplate

from whyl1 import texcache
from whyl1.narration import CACHE_ENV
from whyl1.outputs import TEMP_PREFIX

pytestmark = pytest.mark.skipif(
    shutil.which("latex") is None or shutil.which("dvisvgm") is None,
    reason="needs latex and dvisvgm",
)

FORMULA = r"w \leftarrow w - \eta\,\mathrm{sign}(w)"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty whyl1 cache folder of the test's own, in ``$WHYL1_CACHE``."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def cached_mathtex(tex: str) -> MathTex:
    return MathTex(tex, tex_template=texcache.CachedTexTemplate.like(config.tex_template))


def document(tex: str, template: TexTemplate | None = None) -> str:
    return (template or config.tex_template).get_texcode_for_expression_in_env(tex, "align*")


def entries(cache: Path) -> list[str]:
    return sorted(path.name for path in (cache / texcache.CACHE_FOLDER).iterdir())


def test_a_cached_formula_is_the_one_manim_compiles(cache: Path, tmp_path: Path) -> None:
    with tempconfig({"media_dir": str(tmp_path / "plain")}):
        plain = MathTex(FORMULA)
        (manims_svg,) = config.get_dir("tex_dir").glob("*.svg")
    for render in ("first", "second"):  # compiled into the cache, then read from it
        with tempconfig({"media_dir": str(tmp_path / render)}):
            cached = cached_mathtex(FORMULA)
            (placed_svg,) = config.get_dir("tex_dir").glob("*.svg")
        assert placed_svg.name == manims_svg.name  # manim's own name: manim found it there
        assert placed_svg.read_bytes() == manims_svg.read_bytes()
        assert np.array_equal(cached.get_all_points(), plain.get_all_points())
    (entry,) = entries(cache)
    assert (cache / texcache.CACHE_FOLDER / entry).read_bytes() == manims_svg.read_bytes()


WORKER = """
import sys
import time
from whyl1.texcache import compiled_svg
print(compiled_svg(sys.argv[1], ("latex",), ".dvi"))
"""


def test_processes_wanting_one_new_formula_compile_it_once(cache: Path, tmp_path: Path) -> None:
    # A latex on PATH that logs each compilation and takes a second over it, so the
    # two processes surely want the formula while it is being compiled.
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "compilations"
    wrapper = tools / "latex"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] || {{ echo "$$" >> {log}; sleep 1; }}\n'
        f'exec {shutil.which("latex")} "$@"\n'
    )
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, document(FORMULA)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    answers = {worker.communicate(timeout=120)[0].strip() for worker in workers}
    assert [worker.returncode for worker in workers] == [0, 0]
    assert len(log.read_text().splitlines()) == 1
    (answer,) = answers
    assert texcache._whole_svg(Path(answer))
    assert entries(cache) == [Path(answer).name]  # no lock, no temporary file left


def test_the_key_changes_with_the_formula_template_compiler_and_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = texcache.formula_key(document(FORMULA), ("latex",), ".dvi")
    assert texcache.formula_key(document(FORMULA), ("latex",), ".dvi") == base
    other_template = TexTemplate(preamble=r"\usepackage{amsmath}\usepackage{bm}")
    changed = [
        texcache.formula_key(document(FORMULA + "^2"), ("latex",), ".dvi"),
        texcache.formula_key(document(FORMULA, other_template), ("latex",), ".dvi"),
        texcache.formula_key(document(FORMULA), ("xelatex",), ".xdv"),
        texcache.formula_key(document(FORMULA), ("latex", "latex"), ".dvi"),
    ]
    monkeypatch.setattr(texcache, "tool_version", lambda program: f"{program} 99.0")
    changed.append(texcache.formula_key(document(FORMULA), ("latex",), ".dvi"))
    assert len({base, *changed}) == 1 + len(changed)


def test_a_damaged_entry_is_compiled_again_and_old_leftovers_swept(cache: Path) -> None:
    folder = cache / texcache.CACHE_FOLDER
    killed, working = folder / f"{TEMP_PREFIX}killed", folder / f"{TEMP_PREFIX}working"
    for leftover in (killed, working):
        leftover.mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(killed, (two_days_ago, two_days_ago))
    entry = texcache.compiled_svg(document(FORMULA), ("latex",), ".dvi")
    # a compile folder a killed process left long ago is swept, a current one is not
    assert not killed.exists() and working.exists()
    whole = entry.read_bytes()
    for damaged in (whole[: len(whole) // 2], b""):  # a half copy, a file a full disk left
        entry.write_bytes(damaged)
        assert texcache.compiled_svg(document(FORMULA), ("latex",), ".dvi") == entry
        assert entry.read_bytes() == whole


def test_what_the_cache_cannot_serve_manim_compiles_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unwritable = tmp_path / "a-file"
    unwritable.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(unwritable))  # the cache folder cannot be made
    with tempconfig({"media_dir": str(tmp_path / "media")}):
        assert len(cached_mathtex(FORMULA).get_all_points()) > 0
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    with (
        tempconfig({"media_dir": str(tmp_path / "media")}),
        pytest.raises(ValueError, match="latex error"),
    ):
        cached_mathtex(r"\frac{")  # LaTeX rejects it: manim's own error, as without the cache
    assert entries(tmp_path / "cache") == []  # nothing kept: no entry, lock or temporary file
