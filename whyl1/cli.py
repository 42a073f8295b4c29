"""The ``whyl1`` command: parses, validates against the catalogue, dispatches, reports.

Heavy libraries are imported inside the verbs that need them, so ``whyl1 list``
and ``whyl1 --help`` start without numpy, matplotlib or manim.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from whyl1 import stories
from whyl1.stories import ParamError, Story


class Assignment(click.ParamType):
    """A ``key=value`` pair given to ``--set``."""

    name = "key=value"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        key, sep, text = str(value).partition("=")
        if not sep or not key.strip():
            self.fail(f"expected key=value, got {value!r}", param, ctx)
        return key.strip(), text.strip()


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


@main.command("all")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder.",
)
def render_all(out: Path) -> None:
    """Render the default set into --out: every story's data export (data/NAME.json)."""
    from whyl1 import export

    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for story in stories.STORIES:
        target = folder / f"{story.name}.json"
        temporary = target.with_suffix(".json.part")
        temporary.write_text(export.to_json(story.compute()))
        temporary.replace(target)
        click.echo(f"data    {story.name:<13} -> {target}")
