"""The ``whyl1`` command: parses, validates against the catalogue, dispatches, reports.

Heavy libraries are imported inside the verbs that need them, so ``whyl1 list``
and ``whyl1 --help`` start without numpy, matplotlib or manim.

Every verb that writes into ``--out`` runs inside ``writing_into`` (``whyl1.clitools``,
with the options and the progress display those verbs share): the folder is
checked before any work (one line, exit 2), locked against a second run, and SIGINT or
SIGTERM end the verb cleanly (one line, exit 130 or 143).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from whyl1 import stories
from whyl1.clitools import (
    FORCE_OPTION,
    JOBS_OPTION,
    NO_WAIT_OPTION,
    OUT_OPTION,
    QUALITY_CHOICE,
    THEME_OPTION,
    VOICE_OPTION,
    exit_if_failed,
    run_with_progress,
    with_options,
    writing_into,
)
from whyl1.stories import ParamError, Story


class TwoPartType(click.ParamType):
    """An option's text of two parts around ``separator``, as the tuple ``parse`` makes.

    The shared rules of ``--set`` and ``--shard``: a value click passes in already
    converted (a tuple) is kept as it is, and a text without the separator, or with parts
    ``parse`` rejects (it returns None), fails with one line, ``expected <expected>, got …``.
    """

    separator: str
    expected: str

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        left, sep, right = str(value).partition(self.separator)
        parsed = self.parse(left, right) if sep else None
        if parsed is None:
            self.fail(f"expected {self.expected}, got {value!r}", param, ctx)
        return parsed

    def parse(self, left: str, right: str) -> tuple[Any, Any] | None:
        """The two parts as a tuple, or None if they are not a valid value."""
        raise NotImplementedError


class Assignment(TwoPartType):
    """A ``key=value`` pair given to ``--set``."""

    name = "key=value"
    separator = "="
    expected = "key=value"

    def parse(self, left: str, right: str) -> tuple[str, str] | None:
        key = left.strip()
        return (key, right.strip()) if key else None


SET_OPTION = click.option(
    "--set",
    "assignments",
    type=Assignment(),
    multiple=True,
    help="Override a story parameter, e.g. --set eta=0.25 (repeatable).",
)


def resolve_params(story: Story, assignments: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Catalogue validation of ``--set`` pairs; a bad value is a usage error (exit 2)."""
    try:
        return story.resolve(dict(assignments))
    except ParamError as error:
        raise click.BadParameter(f"{story.name}: {error}", param_hint="'--set'") from None


def params_help(story: Story) -> str:
    """One line per parameter: name, default, allowed range, meaning."""
    rows = [
        f"  {p.name:<15} {p.default_text():<14} {p.range_text():<22} {p.help}" for p in story.params
    ]
    header = f"  {'parameter':<15} {'default':<14} {'allowed':<22} meaning"
    return "\n".join([header, *rows])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="whyl1")
def main() -> None:
    """whyl1: why L1 regularization gives exact zeros and L2 does not.

    Videos, slide figures and data for every story, all computed by one math module.
    """


@main.command("list")
@click.option("--params", is_flag=True, help="Also list each story's parameters.")
def list_stories(params: bool) -> None:
    """Print the catalogue: each story, what it shows, which outputs it has."""
    for story in stories.STORIES:
        outputs = ",".join(story.outputs())
        click.echo(f"{story.name:<13} {outputs:<18} {story.summary}")
        if params:
            click.echo(params_help(story) + "\n")


class StoryGroup(click.Group):
    """A group with one sub-command per story, built from the catalogue on demand, so
    ``whyl1 data steps --help`` can list that story's own parameters."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(stories.NAMES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in stories.BY_NAME:
            return None
        return make_data_command(stories.BY_NAME[cmd_name])

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name not in stories.BY_NAME and not name.startswith("-"):
            raise click.UsageError(
                f"unknown story {name!r}; known: {', '.join(stories.NAMES)}", ctx
            )
        return super().resolve_command(ctx, args)


def make_data_command(story: Story) -> click.Command:
    @click.command(
        name=story.name,
        help=f"{story.summary}.",
        epilog="\b\nParameters (--set name=value):\n" + params_help(story),
    )
    @SET_OPTION
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["json", "csv"]),
        default="json",
        show_default=True,
        help="JSON keeps the nesting; CSV is long format: key,index,value.",
    )
    def command(assignments: tuple[tuple[str, str], ...], fmt: str) -> None:
        from whyl1 import export

        values = resolve_params(story, assignments)
        data = story.compute(values)
        click.echo(export.to_json(data) if fmt == "json" else export.to_csv(data), nl=False)

    return command


@main.group("data", cls=StoryGroup)
def data() -> None:
    """Print a story's numbers (JSON or CSV): whyl1 data NAME [--set k=v] [--format csv]."""


def pick_stories(names: Sequence[str], kind: str) -> list[Story]:
    """The named stories (or every one with ``kind`` output for ``all``), checked."""
    available = [s for s in stories.STORIES if s.has_output(kind)]
    if not names or "all" in names:
        return available
    picked = []
    for name in dict.fromkeys(names):
        if name not in stories.BY_NAME:
            raise click.BadParameter(
                f"unknown story {name!r}; known: {', '.join(stories.NAMES)}", param_hint="NAME"
            )
        story = stories.BY_NAME[name]
        if story not in available:
            have = ", ".join(s.name for s in available) or "none yet"
            raise click.BadParameter(
                f"story {name!r} has no {kind}; {kind}s: {have}", param_hint="NAME"
            )
        picked.append(story)
    return picked


def validated_overrides(
    picked: Sequence[Story], assignments: Sequence[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """Check ``--set`` pairs against every picked story before anything is written."""
    for story in picked:
        resolve_params(story, assignments)
    return tuple(assignments)


def run_stories(
    kind: str,
    names: tuple[str, ...],
    assignments: Sequence[tuple[str, str]],
    item_options: Mapping[str, Any],
    *,
    doing: str,
    out: Path,
    jobs: int,
    force: bool,
    no_wait: bool,
) -> None:
    """What ``render`` and ``figure`` share: pick the named stories with a ``kind``
    output, check ``--set`` against each before anything is written, then make one item
    a story (with ``item_options``: its format, theme …) into ``out``, ``doing`` it
    under the folder's lock and with progress; any failure exits 1 at the end.

    ``out``, ``jobs``, ``force`` and ``no_wait`` are the options both verbs take
    (``OUT_OPTION`` … ``NO_WAIT_OPTION``), passed on as click gave them."""
    from whyl1.pipeline import Item

    picked = pick_stories(names, kind)
    given = validated_overrides(picked, assignments)
    items = [Item(kind, s.name, given, **item_options) for s in picked]
    with writing_into(out, no_wait=no_wait, doing=f"{doing} into {out}"):
        exit_if_failed(run_with_progress(items, out, jobs=jobs, force=force))


@main.command("render")
@click.argument("names", nargs=-1, required=True, metavar="NAME... | all")
@with_options(
    click.option("--quality", type=QUALITY_CHOICE, default="low", show_default=True),
    click.option(
        "--format", "fmt", type=click.Choice(["mp4", "webm", "gif"]), default="mp4",
        show_default=True,
    ),
    THEME_OPTION, VOICE_OPTION, SET_OPTION, OUT_OPTION, JOBS_OPTION, FORCE_OPTION,
    NO_WAIT_OPTION,
)  # fmt: skip
def render(
    names: tuple[str, ...],
    quality: str,
    fmt: str,
    theme: str,
    voice: str,
    assignments: tuple[tuple[str, str], ...],
    **run: Any,
) -> None:
    """Render the named scenes (or all) to narrated videos with captions (.srt) and
    timelines (.timeline.json) in --out. A GIF is silent."""
    options = {"fmt": fmt, "theme": theme, "quality": quality, "voice": voice}
    run_stories("scene", names, assignments, options, doing="rendering", **run)


@main.command("figure")
@click.argument("names", nargs=-1, required=True, metavar="NAME... | all")
@with_options(
    click.option(
        "--format", "fmt", type=click.Choice(["png", "svg", "pdf"]), default="png",
        show_default=True,
    ),
    THEME_OPTION,
    click.option(
        "--size", type=click.Choice(["slide", "square", "column"]), default="slide",
        show_default=True, help="16:9 slide, square, or single-column print width.",
    ),
    click.option(
        "--dpi", type=click.IntRange(30, 1200), default=None,
        help="Raster resolution (PNG); default depends on --size.",
    ),
    SET_OPTION, OUT_OPTION, JOBS_OPTION, FORCE_OPTION, NO_WAIT_OPTION,
)  # fmt: skip
def figure(
    names: tuple[str, ...],
    fmt: str,
    theme: str,
    size: str,
    dpi: int | None,
    assignments: tuple[tuple[str, str], ...],
    **run: Any,
) -> None:
    """Draw the named slide figures (or all), each with its alt text (.alt.txt), in --out."""
    options = {"fmt": fmt, "theme": theme, "size": size, "dpi": dpi}
    run_stories("figure", names, assignments, options, doing="drawing", **run)


class ShardType(TwoPartType):
    """``K/N``: the K-th (1-based) of N disjoint slices of the item list."""

    name = "K/N"
    separator = "/"
    expected = "K/N with 1 <= K <= N"

    def parse(self, left: str, right: str) -> tuple[int, int] | None:
        try:
            k, n = int(left), int(right)
        except ValueError:
            return None
        return (k, n) if 1 <= k <= n else None


def story_assignments(
    assignments: Sequence[tuple[str, str]],
) -> dict[str, list[tuple[str, str]]]:
    """Split ``story.param=value`` pairs by story, checking story and parameter."""
    by_story: dict[str, list[tuple[str, str]]] = {}
    for key, text in assignments:
        name, dot, param = key.partition(".")
        if not dot or name not in stories.BY_NAME:
            raise click.BadParameter(
                f"expected STORY.PARAM=VALUE (e.g. steps.w0=3), got {key}={text}",
                param_hint="'--set'",
            )
        by_story.setdefault(name, []).append((param, text))
    for name, pairs in by_story.items():
        resolve_params(stories.BY_NAME[name], pairs)
    return by_story


@main.command("all")
@with_options(
    click.option("--quality", type=QUALITY_CHOICE, default="medium", show_default=True),
    THEME_OPTION,
    click.option(
        "--video-format", type=click.Choice(["mp4", "webm"]), default="mp4", show_default=True
    ),
    VOICE_OPTION,
    click.option(
        "--figure-format", "figure_formats", type=click.Choice(["png", "svg", "pdf"]),
        multiple=True, default=("svg", "png"), show_default=True,
        help="Figure formats (repeatable).",
    ),
    click.option(
        "--set", "assignments", type=Assignment(), multiple=True,
        help="Override one story's parameter: --set steps.w0=3 (repeatable).",
    ),
    OUT_OPTION, JOBS_OPTION, FORCE_OPTION,
    click.option(
        "--keep-going/--fail-fast", default=True, show_default=True,
        help="Whether one failed item stops the rest.",
    ),
    click.option("--shard", type=ShardType(), default=None, help="Render only slice K of N."),
    NO_WAIT_OPTION,
)  # fmt: skip
def render_all(
    quality: str,
    theme: str,
    video_format: str,
    voice: str,
    figure_formats: tuple[str, ...],
    assignments: tuple[tuple[str, str], ...],
    out: Path,
    jobs: int,
    force: bool,
    keep_going: bool,
    shard: tuple[int, int] | None,
    no_wait: bool,
) -> None:
    """Render every scene, figure and data export into --out, then the course page.

    Cached: an output whose inputs (sources, parameters, options, library
    versions) are unchanged is not rendered again.
    """
    from whyl1 import pipeline

    items = pipeline.default_items(
        quality=quality,
        theme=theme,
        video_format=video_format,
        figure_formats=figure_formats,
        overrides=story_assignments(assignments),
        voice=voice,
    )
    if shard:
        items = pipeline.shard(items, *shard)
    with writing_into(out, no_wait=no_wait, doing=f"rendering into {out}"):
        outcomes = run_with_progress(items, out, jobs=jobs, force=force, keep_going=keep_going)
        if shard:
            click.echo("whyl1: a shard renders no page; run `whyl1 page` once every shard is in")
        elif any(o.item.producer.on_page and o.status != "failed" for o in outcomes):
            click.echo(f"page -> {build_course_page(out, theme, story_assignments(assignments))}")
    exit_if_failed(outcomes)


def build_course_page(
    out: Path, theme: str, by_story: Mapping[str, Sequence[tuple[str, str]]]
) -> Path:
    """Write the course page (the lesson, with the explorer and the quiz) for what is in
    ``out`` and the stories' parameters as ``--set`` gave them; a missing set is an error,
    parameters other than the folder's data were made with a usage error."""
    from whyl1 import outputs
    from whyl1.explorer import explorer_fragment
    from whyl1.page import OtherParameters, build_page

    overrides = {name: dict(pairs) for name, pairs in by_story.items()}
    try:
        return build_page(out, theme, explorer_fragment(theme), overrides)
    except OtherParameters as error:
        raise click.UsageError(str(error)) from None
    except (FileNotFoundError, outputs.OutputError) as error:
        raise click.ClickException(str(error)) from None


@main.command("page")
@with_options(
    OUT_OPTION, THEME_OPTION,
    click.option(
        "--set", "assignments", type=Assignment(), multiple=True,
        help="The parameters `whyl1 all` was given: --set steps.w0=3 (repeatable).",
    ),
    NO_WAIT_OPTION,
)  # fmt: skip
def page(out: Path, theme: str, assignments: tuple[tuple[str, str], ...], no_wait: bool) -> None:
    """Write the course page (index.html): the lesson around the videos and figures in
    --out, with the quiz and the references; printed, a handout."""
    by_story = story_assignments(assignments)
    if not out.is_dir():  # nothing to show; say so without creating the folder
        from whyl1.page import NothingToShow

        raise click.ClickException(str(NothingToShow(out)))
    with writing_into(out, no_wait=no_wait, doing=f"writing the course page into {out}"):
        click.echo(f"page -> {build_course_page(out, theme, by_story)}")


@main.command("explorer")
@with_options(OUT_OPTION, THEME_OPTION, NO_WAIT_OPTION)
def explorer(out: Path, theme: str, no_wait: bool) -> None:
    """Write the interactive explorer (explorer.html, works offline) to --out."""
    from whyl1 import outputs
    from whyl1.explorer import write_explorer

    with writing_into(out, no_wait=no_wait, doing=f"writing the explorer into {out}"):
        try:
            target = write_explorer(out, theme)
        except outputs.OutputError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"explorer -> {target}")


# ---------------------------------------------------------------------------
# quiz: the exports of whyl1.quiz (a block of its own, apart from the render pipeline)
# ---------------------------------------------------------------------------


@main.command("quiz")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "gift", "qti", "html"]),
    default="json",
    show_default=True,
    help="JSON (the whole quiz), Moodle GIFT, a Canvas QTI zip (needs --out), or a "
    "standalone HTML page.",
)
@click.option(
    "--set",
    "assignments",
    type=Assignment(),
    multiple=True,
    help="Override one story's parameter: --set steps.w0=3 (repeatable).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the file into this folder (created if missing) instead of standard output.",
)
def quiz(fmt: str, assignments: tuple[tuple[str, str], ...], out: Path | None) -> None:
    """Print or write the quiz, its numbers computed from the stories' parameters.

    \b
    Moodle: whyl1 quiz --format gift > quiz.gift, then Question bank → Import → GIFT.
    Canvas: whyl1 quiz --format qti --out build/quiz, then Settings → Import course
    content → QTI .zip file.
    """
    from whyl1.outputs import write_atomic
    from whyl1.quiz import FORMATS, QUIZ_STORIES, build_quiz, export

    filename, printable = FORMATS[fmt]
    if out is None and not printable:
        raise click.UsageError(f"--format {fmt} writes a zip file: give --out DIR")
    by_story = story_assignments(assignments)
    unasked = [name for name in by_story if name not in QUIZ_STORIES]
    if unasked:
        raise click.BadParameter(
            f"the quiz asks nothing about {', '.join(unasked)}; "
            f"its stories: {', '.join(QUIZ_STORIES)}",
            param_hint="'--set'",
        )
    content = export(build_quiz({name: dict(pairs) for name, pairs in by_story.items()}), fmt)
    if out is None:
        click.echo(content.decode("utf-8"), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / filename, content)
    click.echo(f"quiz -> {out / filename}")


# ---------------------------------------------------------------------------
# merge: the shards of a CI matrix into one folder (whyl1.merge)
# ---------------------------------------------------------------------------


@main.command("merge")
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    metavar="DIR...",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@with_options(OUT_OPTION, NO_WAIT_OPTION)
def merge(folders: tuple[Path, ...], out: Path, no_wait: bool) -> None:
    """Merge output folders (the shards of `whyl1 all --shard K/N`) into --out.

    Each file is checked against its folder's manifest and the manifests are merged, so
    `whyl1 page --out DIR` then makes the course page and `whyl1 all --out DIR` finds
    everything up to date. Two folders holding different outputs for one slot are
    conflicts: each is reported and nothing is written.
    """
    from whyl1 import merge as merging

    try:
        planned = merging.plan(folders)
    except merging.NotAnOutputFolder as error:
        raise click.BadParameter(str(error), param_hint="DIR") from None
    except merging.MergeConflict as conflict:
        for problem in conflict.problems:
            click.echo(f"whyl1 merge: {problem}", err=True)
        raise click.ClickException(f"{conflict}; nothing was written to {out}") from None
    with writing_into(out, no_wait=no_wait, doing=f"merging into {out}"):
        merged = merging.apply(planned, out)
    click.echo(
        f"whyl1: merged {merged.slots} outputs from {len(folders)} folders into {out} "
        f"({merged.copied} files copied, {merged.kept} already there); "
        f"next: whyl1 page --out {out}"
    )


# ---------------------------------------------------------------------------
# lecture and slides: the stories' videos joined into one lecture (whyl1.lecture), and
# decks to present them from (whyl1.slides)
# ---------------------------------------------------------------------------

# A shorter lecture or deck for one session: the named stories, still in teaching order.
STORY_SUBSET_OPTION = click.option(
    "--story",
    "story_names",
    type=click.Choice([s.name for s in stories.STORIES if s.has_output("scene")]),
    multiple=True,
    metavar="NAME",
    help="Only this story (repeatable, kept in teaching order; names: whyl1 list). "
    "Default: every story.",
)


# The options the lecture and the slides share: what to render, and where.
SESSION_OPTIONS = (
    click.option("--quality", type=QUALITY_CHOICE, default="medium", show_default=True),
    VOICE_OPTION, THEME_OPTION, OUT_OPTION, JOBS_OPTION, NO_WAIT_OPTION, STORY_SUBSET_OPTION,
)  # fmt: skip


@dataclass(frozen=True)
class Session:
    """A teaching session's stories and how to render them, as ``SESSION_OPTIONS`` give
    them; the lecture and every deck render the missing videos the same way first."""

    quality: str
    voice: str
    theme: str
    out: Path
    jobs: int
    no_wait: bool
    story_names: tuple[str, ...]

    @contextlib.contextmanager
    def rendered(self, items_for: Callable[..., list], doing: str) -> Iterator[list]:
        """Lock ``out``, render what ``items_for(stories, quality, theme, voice)`` names
        that is missing, and give the picked stories (in teaching order) to the block."""
        from whyl1.lecture import picked_stories

        picked = picked_stories(self.story_names)
        items = items_for(picked, self.quality, self.theme, self.voice)
        with writing_into(self.out, no_wait=self.no_wait, doing=doing):
            exit_if_failed(run_with_progress(items, self.out, jobs=self.jobs, force=False))
            yield picked


@main.command("lecture")
@with_options(*SESSION_OPTIONS)
def lecture(**options: Any) -> None:
    """Join the stories' videos (all, or those --story names), in teaching order, into
    one lecture: lecture.mp4 with chapters, a title and a closing card, captions
    (lecture.vtt, lecture.srt) and the chapters as text for a video platform
    (lecture-chapters.txt). Renders the videos that are missing first; a course page in
    --out is written again to offer the lecture."""
    from whyl1 import lecture as lectures

    session = Session(**options)
    out = session.out
    with session.rendered(lectures.scene_items, f"making the lecture in {out}") as picked:
        try:
            made = lectures.build_lecture(out, picked, session.theme)
        except lectures.LectureError as error:
            raise click.ClickException(str(error)) from None
        click.echo(
            f"lecture -> {out / lectures.LECTURE} ({lectures.clock(made.duration)}, "
            f"{len(made.chapters)} chapters; for a video platform: "
            f"{out / lectures.CHAPTERS_TXT})"
        )
        if (out / "index.html").is_file():
            click.echo(f"page -> {build_course_page(out, session.theme, {})}")


SLIDE_FORMATS = ("html", "pptx", "pdf")


@main.command("slides")
@with_options(
    click.option(
        "--format", "fmt", type=click.Choice(SLIDE_FORMATS), default="html", show_default=True,
        help="html: a reveal.js presenter deck (slides/index.html); pptx: PowerPoint and "
        "Impress (slides.pptx); pdf: a handout (slides.pdf).",
    ),
    *SESSION_OPTIONS,
)  # fmt: skip
def slides(fmt: str, **options: Any) -> None:
    """Build slides from the stories, a slide per step of each video (its clip, with the
    narration as speaker notes) and one per figure: an offline presenter deck (html), a
    PowerPoint deck (pptx) or a handout (pdf). Renders what is missing first."""
    import importlib.util

    if fmt == "pptx" and importlib.util.find_spec("pptx") is None:
        raise click.UsageError("--format pptx needs the slides extra: pip install 'whyl1[slides]'")
    from whyl1 import slides as decks

    session = Session(**options)
    out = session.out
    with session.rendered(decks.deck_items, f"making the {fmt} slides in {out}") as picked:
        try:
            prepared = decks.prepare_decks(out, picked, session.theme)
            if fmt == "html":
                from whyl1.slides_html import build_html_deck

                target = build_html_deck(out, prepared, session.theme)
            elif fmt == "pptx":
                from whyl1.slides_pptx import build_pptx

                target = build_pptx(out, prepared)
            else:
                from whyl1.slides_pdf import build_handout

                target = build_handout(out, prepared)
        except decks.DeckError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"slides -> {target}")
