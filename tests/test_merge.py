"""Scale-out on a CI engine: `whyl1 all` rendered as two shards into separate folders,
merged with `whyl1 merge` and paged with `whyl1 page`, gives the page, figure and data
bytes and manifest of one unsharded run; merging refuses conflicting, corrupted and
foreign folders, saying why and writing nothing. The example workflows (GitHub Actions,
GitLab CI) are YAML whose whyl1 commands parse as whyl1 commands and fit together."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from whyl1 import pipeline
from whyl1.cli import main
from whyl1.outputs import MANIFEST
from whyl1.pipeline import Item

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def invoke(*args: str) -> click.testing.Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


# The videos and the lasso fits on real data (path, selection) take most of a set's time:
# left out, as are the PNGs, which keeps the three runs to seconds. The merge treats every
# output slot alike, whatever made it, and the course page's video blocks are tested with
# the page (test_page.py).
HEAVY = ("path", "selection")


def lighter(every_item):
    def items(**options):
        return [
            item
            for item in every_item(**options)
            if item.story not in HEAVY and item.kind != "scene"
        ]

    return items


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """`whyl1 all` three times: shard 1/2, shard 2/2, and whole; then the shards merged
    and paged."""
    folder = tmp_path_factory.mktemp("runs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "default_items", lighter(pipeline.default_items))
        common = ("all", "--figure-format", "svg", "--jobs", "2")
        invoke(*common, "--shard", "1/2", "--out", str(folder / "shard-1"))
        invoke(*common, "--shard", "2/2", "--out", str(folder / "shard-2"))
        invoke(*common, "--out", str(folder / "whole"))
    merged = invoke("merge", str(folder / "shard-1"), str(folder / "shard-2"), "--out",
                    str(folder / "merged"))  # fmt: skip
    invoke("page", "--out", str(folder / "merged"))
    return folder, merged.output


def manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text())


def test_each_shard_holds_part_of_the_set(runs):
    folder, _ = runs
    slots = [set(manifest(folder / f"shard-{n}")) for n in (1, 2)]
    assert slots[0] and slots[1] and not slots[0] & slots[1]
    assert slots[0] | slots[1] == set(manifest(folder / "whole"))
    assert not (folder / "shard-1" / "index.html").exists()  # a shard makes no page


def test_merged_shards_give_the_page_and_bytes_of_one_run(runs):
    folder, output = runs
    merged, whole = folder / "merged", folder / "whole"
    assert "merged 18 outputs from 2 folders" in output  # 9 data exports, 9 figures
    assert (merged / "index.html").read_bytes() == (whole / "index.html").read_bytes()
    assert manifest(merged).keys() == manifest(whole).keys()
    for slot, entry in manifest(whole).items():
        assert manifest(merged)[slot]["key"] == entry["key"], slot
    figures_and_data = sorted(
        path.relative_to(whole) for sub in ("figures", "data")
        for path in (whole / sub).iterdir()
    )  # fmt: skip
    assert len(figures_and_data) == 9 + 9 * 2  # data; SVG and alt text
    for name in figures_and_data:
        assert (merged / name).read_bytes() == (whole / name).read_bytes(), name


def test_all_after_the_merge_finds_everything_up_to_date(runs, monkeypatch):
    folder, _ = runs
    monkeypatch.setattr(pipeline, "default_items", lighter(pipeline.default_items))
    result = invoke("all", "--figure-format", "svg", "--jobs", "1", "--out",
                    str(folder / "merged"))  # fmt: skip
    assert "0 rendered, 18 up to date, 0 failed" in result.output


def data_run(folder: Path, *overrides: tuple[str, str]) -> Path:
    """A folder holding one data export (milliseconds to make)."""
    pipeline.run([Item("data", "steps", tuple(overrides), folder="data")], folder)
    return folder


def test_conflicting_folders_are_reported_and_nothing_written(tmp_path):
    first = data_run(tmp_path / "a")
    second = data_run(tmp_path / "b", ("w0", "3"), ("eta", "0.25"))
    result = CliRunner().invoke(main, ["merge", str(first), str(second), "--out",
                                       str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 1
    assert (
        f"whyl1 merge: conflict: data/data:steps:json:light differs between {first} and "
        f"{second} (made with other parameters, options or versions of whyl1)"
    ) in result.output
    assert "nothing was written" in result.output and not (tmp_path / "out").exists()


def test_a_file_changed_since_its_run_is_reported(tmp_path):
    first = data_run(tmp_path / "a")
    with open(first / "data" / "steps.json", "ab") as handle:
        handle.write(b" ")
    result = CliRunner().invoke(main, ["merge", str(first), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{first / 'data' / 'steps.json'} does not match its manifest" in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_without_a_manifest_is_a_usage_error(tmp_path):
    (tmp_path / "artifact").mkdir()
    result = CliRunner().invoke(
        main, ["merge", str(tmp_path / "artifact"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert "has no .whyl1-manifest.json" in line and "include-hidden-files" in line
    assert "Traceback" not in result.output


def test_merging_the_same_outputs_twice_is_no_conflict(tmp_path):
    first, second = data_run(tmp_path / "a"), data_run(tmp_path / "b")
    out = tmp_path / "out"
    assert "1 files copied, 0 already there" in invoke("merge", str(first), str(second),
                                                       "--out", str(out)).output  # fmt: skip
    assert "0 files copied, 1 already there" in invoke("merge", str(first), "--out",
                                                       str(out)).output  # fmt: skip
    assert manifest(out) == manifest(first)


# ---------------------------------------------------------------------------
# The example workflows
# ---------------------------------------------------------------------------


def whyl1_commands(script: str, variables: dict[str, str]) -> list[list[str]]:
    """The whyl1 command lines of a CI script, with the engine's variables filled in as
    the engine would (``${{ matrix.shard }}``, ``$CI_NODE_INDEX``)."""
    for name, value in variables.items():
        script = script.replace(name, value)
    commands = []
    for line in script.splitlines():
        words = shlex.split(line)
        if words and words[0].endswith("bin/whyl1"):
            commands.append(words[1:])
    return commands


def parse(arguments: list[str], workdir: Path) -> click.Context:
    """The command as whyl1's own parser takes it (options, choices, K/N, folders), in
    ``workdir`` with its shell globs expanded; nothing runs."""
    expanded = [match for word in arguments for match in (sorted(glob.glob(word,
                root_dir=workdir)) if "*" in word else [word])]  # fmt: skip
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        group = click.Context(main, info_name="whyl1")
        name, *rest = expanded
        command = main.get_command(group, name)
        assert command is not None, arguments
        return command.make_context(name, rest, parent=group)
    finally:
        os.chdir(cwd)


def test_the_github_actions_example_runs_a_shard_matrix_then_merges(tmp_path):
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    render, page = workflow["jobs"]["render"], workflow["jobs"]["page"]
    shards = render["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    assert page["needs"] == "render"
    uploads = [
        s for s in render["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    ]
    (upload,) = uploads
    assert upload["with"]["include-hidden-files"] is True  # the manifest is a dotfile
    render_script = "\n".join(s.get("run", "") for s in render["steps"])
    renders = []
    for shard in shards:
        (command,) = whyl1_commands(render_script, {
            "${{ matrix.shard }}": str(shard), "${{ strategy.job-total }}": str(len(shards)),
        })  # fmt: skip
        context = parse(command, tmp_path)
        assert context.info_name == "all" and context.params["out"] == Path(upload["with"]["path"])
        renders.append(context.params["shard"])
    assert renders == [(k, len(shards)) for k in shards]  # every slice, once
    download = next(s for s in page["steps"] if "download-artifact" in s.get("uses", ""))
    for shard in shards:  # where download-artifact puts each artifact
        (tmp_path / download["with"]["path"] / upload["with"]["name"].replace(
            "${{ matrix.shard }}", str(shard))).mkdir(parents=True)  # fmt: skip
    merge, write_page = whyl1_commands("\n".join(s.get("run", "") for s in page["steps"]), {})
    merging = parse(merge, tmp_path)
    assert merging.info_name == "merge" and len(merging.params["folders"]) == len(shards)
    paging = parse(write_page, tmp_path)
    assert paging.info_name == "page" and paging.params["out"] == merging.params["out"]


def test_the_gitlab_example_runs_parallel_shards_then_merges_into_pages(tmp_path):
    pipeline_config = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    render, pages = pipeline_config["render"], pipeline_config["pages"]
    stages = pipeline_config["stages"]
    assert stages.index(render["stage"]) < stages.index(pages["stage"])
    total = render["parallel"]
    assert total >= 2
    outs = []
    for index in range(1, total + 1):
        (command,) = whyl1_commands("\n".join(render["script"]), {
            "$CI_NODE_INDEX": str(index), "$CI_NODE_TOTAL": str(total),
        })  # fmt: skip
        context = parse(command, tmp_path)
        assert context.info_name == "all" and context.params["shard"] == (index, total)
        outs.append(context.params["out"])
        assert any(str(context.params["out"]).startswith(p.rstrip("/")) for p in
                   render["artifacts"]["paths"])  # fmt: skip
        (tmp_path / context.params["out"]).mkdir(parents=True)
    merge, write_page = whyl1_commands("\n".join(pages["script"]), {})
    merging = parse(merge, tmp_path)
    assert merging.info_name == "merge" and sorted(merging.params["folders"]) == sorted(outs)
    paging = parse(write_page, tmp_path)
    assert paging.params["out"] == merging.params["out"] == Path("public")
    assert pages["artifacts"]["paths"] == ["public"]  # what GitLab Pages publishes
    assert re.search(
        r"bash scripts/setup\.sh", " ".join(pipeline_config["default"]["before_script"])
    )
