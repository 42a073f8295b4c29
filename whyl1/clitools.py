"""What the ``whyl1`` verbs that write into ``--out`` share: their options (output folder,
theme, jobs, quality, voice), the locked and interruptible writing into the folder, and
the pipeline's progress on a terminal or in a log. Kept apart from ``whyl1.cli`` so the
verbs read as a list of commands; like it, it imports nothing heavy at the top.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder (created if missing).",
)
NO_WAIT_OPTION = click.option(
    "--no-wait",
    is_flag=True,
    help="If another whyl1 run is writing into --out, stop (exit 2) instead of waiting.",
)
THEME_OPTION = click.option(
    "--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True
)
JOBS_OPTION = click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    help="Processes at once: items in parallel; with fewer items than jobs, an MP4 video "
    "split across the spare ones at its beats (the same file as a serial render).",
)
FORCE_OPTION = click.option(
    "--force", is_flag=True, help="Ignore the cache: render even what is up to date."
)
QUALITY_CHOICE = click.Choice(["low", "medium", "high", "4k"])


class VoiceType(click.ParamType):
    """``--voice``: ``joe`` (the bundled voice), ``none`` (silent), or the path of a Piper
    ``.onnx`` voice with its ``.onnx.json`` beside it. A bad path is a usage error; without
    the voice extra installed, one line says so and the videos are rendered silent."""

    name = "joe|none|PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from whyl1 import voice

        spec = str(value)
        if spec == voice.NONE:
            return spec
        try:
            voice.resolve_voice(spec)
        except voice.VoiceError as error:
            self.fail(str(error), param, ctx)
        except voice.VoiceUnavailable:
            pass  # said below
        if not voice.voice_available(spec):
            click.echo(
                f"whyl1: narration needs the voice extra ({voice.EXTRA_HINT}); "
                "rendering silent videos",
                err=True,
            )
            return voice.NONE
        return spec


VOICE_OPTION = click.option(
    "--voice",
    type=VoiceType(),
    metavar="joe|none|PATH",
    default="joe",
    show_default=True,
    help="Narrator: joe (bundled), none (silent, timed by reading speed), or a Piper "
    ".onnx voice file.",
)


@contextlib.contextmanager
def writing_into(out: Path, *, no_wait: bool, doing: str) -> Iterator[None]:
    """Around a verb that writes into ``out``: check that the folder can be written before
    any work starts (else one line naming it and the reason, exit 2), hold its lock (a
    second run waits, with a one-line notice, or with ``--no-wait`` stops with exit 2),
    and turn SIGINT/SIGTERM into a clean stop: one line saying what was interrupted
    (``doing``, or what the pipeline was running) and exit 130 or 143."""
    from whyl1 import outputs, processes

    def notice(holder: str) -> None:
        click.echo(
            f"whyl1: {out} is in use by {holder}; waiting for it to finish "
            "(--no-wait stops instead)",
            err=True,
        )

    try:
        with processes.stop_on_signals(), contextlib.ExitStack() as stack:
            try:
                outputs.ensure_writable(out)
                stack.enter_context(outputs.lock_folder(out, wait=not no_wait, on_wait=notice))
            except outputs.OutputError as error:
                raise click.BadParameter(str(error), param_hint="'--out'") from None
            yield
    except processes.Interrupted as stop:
        click.echo(stop.line(doing), err=True)
        raise SystemExit(stop.exit_status) from None


def with_options(*decorators: Callable) -> Callable:
    """Apply several click decorators in reading order."""

    def apply(function: Callable) -> Callable:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def run_with_progress(
    items: list, out: Path, *, jobs: int, force: bool, keep_going: bool = True
) -> list:
    """Run pipeline items, showing a progress bar on a terminal and plain lines in a log.

    Failures are listed at the end; the caller decides the exit status
    (``exit_if_failed``), so ``all`` can still write the page first.
    """
    from whyl1 import pipeline

    interactive = sys.stdout.isatty()
    bar_context = click.progressbar(length=len(items), label="whyl1") if interactive else None
    frames: dict[str, int] = {}  # videos still rendering: story -> frames written
    last_line: dict[str, float] = {}

    def report(outcome: pipeline.Outcome, finished: int, total: int) -> None:
        frames.pop(outcome.item.story, None)
        where = ", ".join(str(p) for p in outcome.paths if p.suffix != ".txt")
        status = {"done": f"done {outcome.seconds:5.1f}s", "cached": "cached    "}.get(
            outcome.status, "FAILED    "
        )
        line = f"[{finished:>{len(str(total))}}/{total}] {status} {outcome.item.label}"
        line += f" -> {where}" if outcome.status != "failed" else f": {outcome.error}"
        if bar_context is not None:
            bar_context.label = frames_label()
            bar_context.update(1)
            if outcome.status == "failed":
                click.echo("\n" + line, err=True)
        else:
            click.echo(line, err=outcome.status == "failed")

    def frames_label() -> str:
        running = ", ".join(f"{story} frame {n}" for story, n in frames.items())
        return f"whyl1 ({running})" if running else "whyl1"

    def on_frames(item: pipeline.Item, written: int) -> None:
        """Frames of long videos: on the bar's label, or a plain line every 30 s in a log."""
        frames[item.story] = written
        if bar_context is not None:
            bar_context.label = frames_label()
            bar_context.render_progress()  # update(0) would not redraw
        elif time.monotonic() - last_line.setdefault(item.story, time.monotonic()) >= 30:
            last_line[item.story] = time.monotonic()
            click.echo(f"... {item.label}: {written} frames so far")

    def run() -> list:
        return pipeline.run(
            items, out, jobs=jobs, force=force, keep_going=keep_going, report=report,
            on_frames=on_frames,
        )  # fmt: skip

    if bar_context is not None:
        with bar_context:
            outcomes = run()
    else:
        outcomes = run()
    counts = pipeline.summary(outcomes)
    click.echo(
        f"whyl1: {counts['done']} rendered, {counts['cached']} up to date, "
        f"{counts['failed']} failed; output in {out}"
    )
    for outcome in outcomes:
        if outcome.status == "failed":
            click.echo(f"failed: {outcome.item.label}: {outcome.error}", err=True)
    return outcomes


def exit_if_failed(outcomes: Sequence) -> None:
    """Exit with status 1 when any item failed (the rest have completed by now)."""
    if any(outcome.status == "failed" for outcome in outcomes):
        raise SystemExit(1)
