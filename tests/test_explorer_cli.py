"""`whyl1 explorer`: writes only explorer.html inside --out, bad input is one line and exit 2,
and `whyl1 page` puts the explorer on the course page."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from whyl1.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help(runner):
    result = runner.invoke(main, ["explorer", "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output and "--theme" in result.output


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_writes_only_explorer_html_inside_out(runner, tmp_path, theme):
    out = tmp_path / "new" / "out"
    result = runner.invoke(main, ["explorer", "--out", str(out), "--theme", theme])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "new",
        "new/out",
        "new/out/explorer.html",
    ]
    text = (out / "explorer.html").read_text(encoding="utf-8")
    assert f'data-theme="{theme}"' in text
    assert "whyl1Explorer" in text and "http://" not in text.replace("http://www.w3.org", "")
    assert str(out / "explorer.html") in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "blue"], "'blue' is not one of 'light', 'dark'"),
        (["--colour", "dark"], "No such option '--colour'"),
        (["extra"], "Got unexpected extra argument"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(runner, tmp_path, args, message):
    out = tmp_path / "out"
    result = runner.invoke(main, ["explorer", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1 and message in error_lines[0], result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_out_that_is_a_file_is_a_usage_error(runner, tmp_path):
    target = tmp_path / "file"
    target.write_text("not a folder")
    result = runner.invoke(main, ["explorer", "--out", str(target)])
    assert result.exit_code == 2 and "is a file" in result.output
    assert target.read_text() == "not a folder"


def test_page_embeds_the_explorer(runner, tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "penalties-dark.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>"
    )
    (tmp_path / "figures" / "penalties-dark.alt.txt").write_text("two penalties")
    result = runner.invoke(main, ["page", "--out", str(tmp_path), "--theme", "dark"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<section id="explorer">' in text
    assert 'class="whyl1-explorer" id="wx" data-theme="dark"' in text


def test_page_for_a_missing_folder_says_so_and_creates_nothing(runner, tmp_path):
    out = tmp_path / "missing"
    result = runner.invoke(main, ["page", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: no videos or figures in {out}; run `whyl1 all --out {out}` first"
    )
    assert not out.exists()
