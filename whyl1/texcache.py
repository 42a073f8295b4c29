"""Compiled formulas shared by every render: one content-addressed cache of manim's SVGs.

manim compiles each formula (``MathTex``) with LaTeX and dvisvgm into its media folder's
``Tex/``, and finds it there next time. But ``whyl1 render`` gives every render a new
media folder (manim's global config leaks between scenes otherwise), so every render
compiled every formula again: about half a second each, a few seconds a scene. Here the
compiled SVGs live once, in ``tex/`` of whyl1's cache folder (``$WHYL1_CACHE``, else
``~/.cache/whyl1``), for every render, worker and project of the user.

The key hashes the whole TeX document (the formula in its template's preamble and
environment), the compiler and output format, and the first line of ``--version`` of
the compiler and of dvisvgm (read once per process), so a new TeX installation
compiles anew. manim itself never writes into the cache: a formula is compiled in a
private temporary folder, checked (a whole SVG document), and renamed into place, and
a lock per key makes a second process wanting the same formula wait for the first
instead of compiling it too. No two processes ever write one file in place, which is
how two renders sharing a ``Tex/`` folder used to fail (one process's dvisvgm reading a
DVI another was still writing or had already cleaned up: "does not support converting").

The hook is the ``tex_template=`` every ``MathTex`` accepts: ``CachedTexTemplate``
produces the same document as manim's template and, at the moment manim asks it for
the document (``generate_tex_file``, just before manim looks for
``<tex_dir>/<hash>.svg``), puts the cached SVG there under manim's own name. manim then
finds its SVG and runs neither LaTeX nor dvisvgm. Were a later manim to look elsewhere,
it would compile in its own private ``Tex/`` folder as before: slower, never wrong.
So does a formula the cache cannot serve (a cache folder that cannot be written, a
formula LaTeX rejects: manim then compiles it and reports LaTeX's errors its own way).

An entry is trusted only if it parses as a whole SVG document; anything else (a file
truncated by a full disk or a half copy) is compiled again and replaced.
A process killed mid-compile leaves its private folder behind (the kernel frees its
lock); the next process to compile removes such folders once they are a day old.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from manim import config
from manim.utils.tex import TexTemplate
from manim.utils.tex_file_writing import make_tex_compilation_command, tex_hash

from whyl1.narration import cache_root
from whyl1.outputs import TEMP_PREFIX

CACHE_FOLDER = "tex"
# Bump when what is stored for a key changes (the SVG's post-processing, the layout).
CACHE_VERSION = 1


def cache_dir() -> Path:
    """The shared folder of compiled formulas."""
    return cache_root() / CACHE_FOLDER


@cache
def tool_version(program: str) -> str:
    """The first line of ``program --version`` (``pdfTeX 3.141592653-2.6-1.40.25 (TeX
    Live 2023/Debian)``, ``dvisvgm 3.2.1``), once per process: part of every key."""
    try:
        done = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except OSError as error:
        return f"{program}: {error.strerror}"
    lines = (done.stdout or done.stderr).splitlines()
    return lines[0].strip() if lines else f"{program}: no version"


def formula_key(document: str, compilers: tuple[str, ...], output_format: str) -> str:
    """The cache key of one compiled document: its text, how it is compiled and the
    versions of the programs that compile it."""
    material = {
        "document": document,
        "compilers": list(compilers),
        "format": output_format,
        "tools": [tool_version(program) for program in (*compilers, "dvisvgm")],
        "version": CACHE_VERSION,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def compiled_svg(document: str, compilers: tuple[str, ...], output_format: str) -> Path:
    """The cached SVG of a TeX document, compiled now if no process has yet (or the entry
    is not a whole SVG). Raises ``ValueError`` when it does not compile, ``OSError`` when
    the cache cannot be written."""
    folder = cache_dir()
    key = formula_key(document, compilers, output_format)
    target = folder / f"{key}.svg"
    if _whole_svg(target):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    with _key_lock(folder / f"{TEMP_PREFIX}{key}.lock"):
        if not _whole_svg(target):  # no other process compiled it while this one waited
            _compile(document, compilers, output_format, target)
    return target


# A private compile folder older than this was left by a process killed mid-compile (a
# compile takes about a second): nothing is using it any more.
_STALE_SECONDS = 24 * 3600


@cache
def _sweep(folder: Path) -> None:
    """Remove compile folders that killed processes left in ``folder`` (once per process:
    a kill leaves one at most, and listing the folder on every compile would cost)."""
    now = time.time()
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if leftover.is_dir() and now - leftover.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)


def _compile(document: str, compilers: tuple[str, ...], output_format: str, target: Path) -> None:
    """LaTeX and dvisvgm in a private folder, then the SVG renamed into ``target``."""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=target.parent) as private:
        work = Path(private)
        source = work / "formula.tex"
        source.write_text(document, encoding="utf-8")
        for compiler in compilers:
            command = make_tex_compilation_command(compiler, output_format, source, work)
            if subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode:
                raise ValueError(f"{compiler} error converting to {output_format[1:]}")
        svg = work / "formula.svg"
        command = [
            "dvisvgm",
            *(["--pdf"] if output_format == ".pdf" else []),
            "--page=1",
            "--no-fonts",
            "--verbosity=0",
            f"--output={svg}",
            str(source.with_suffix(output_format)),
        ]  # manim's own conversion (manim.utils.tex_file_writing.convert_to_svg)
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        if not _whole_svg(svg):
            raise ValueError(f"dvisvgm made no SVG of {output_format[1:]} for the formula")
        os.replace(svg, target)


def _whole_svg(path: Path) -> bool:
    """A complete SVG document: what the cache promises every reader."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return False
    return root.tag.rpartition("}")[2] == "svg"


@contextlib.contextmanager
def _key_lock(path: Path) -> Iterator[None]:
    """Hold an ``flock`` on ``path`` for the block (the kernel releases it if the holder
    dies). The holder removes the file as it leaves, so a waiter may wake holding a lock
    on a removed file: it then locks the file the path names now."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            opened = os.fstat(descriptor)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
        except BaseException:
            os.close(descriptor)
            raise
        if current is not None and (current.st_dev, current.st_ino) == (
            opened.st_dev,
            opened.st_ino,
        ):
            break
        os.close(descriptor)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)


def place(svg: Path, document: str) -> None:
    """Put a cached SVG where manim looks for the document's compiled formula,
    ``<tex_dir>/<hash>.svg``, with the document beside it as manim would write it; each
    file copied under a temporary name and renamed, so a reader never sees half of one.
    The SVG replaces whatever is there: a plain ``manim`` run's shared ``media/Tex`` may
    hold one left half-written by an older, interrupted render."""
    tex_dir = config.get_dir("tex_dir")
    tex_dir.mkdir(parents=True, exist_ok=True)
    stem = tex_hash(document)
    for source, suffix in ((None, ".tex"), (svg, ".svg")):
        target = tex_dir / f"{stem}{suffix}"
        if source is None and target.exists():
            continue
        staging = tex_dir / f"{TEMP_PREFIX}{os.getpid()}-{target.name}"
        if source is None:
            staging.write_text(document, encoding="utf-8")
        else:
            shutil.copyfile(source, staging)
        os.replace(staging, target)


class CachedTexTemplate(TexTemplate):
    """manim's TeX template whose documents are compiled through the shared cache: pass
    it as ``MathTex(…, tex_template=CachedTexTemplate.like(config.tex_template))``."""

    @classmethod
    def like(cls, template: TexTemplate) -> CachedTexTemplate:
        """A cached template producing the same documents as ``template`` (every field
        copied, the body too: a scene or manim.cfg may have set its own template)."""
        cached = cls(
            **{
                field.name: getattr(template, field.name)
                for field in dataclasses.fields(template)
                if field.init
            }
        )
        cached._body = template._body
        return cached

    def get_texcode_for_expression(self, expression: str) -> str:
        return self._cached(super().get_texcode_for_expression(expression))

    def get_texcode_for_expression_in_env(self, expression: str, environment: str) -> str:
        return self._cached(super().get_texcode_for_expression_in_env(expression, environment))

    def _cached(self, document: str) -> str:
        """manim asks for the document just before it looks for its SVG: put it there.
        If the cache cannot give it, manim compiles the document itself as it always
        did (and shows LaTeX's errors, if that is why)."""
        compilers = (
            (self.tex_compiler,) if isinstance(self.tex_compiler, str) else tuple(self.tex_compiler)
        )
        with contextlib.suppress(OSError, ValueError):
            place(compiled_svg(document, compilers, self.output_format), document)
        return document
