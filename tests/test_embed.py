"""The embedding core (whyl1.embed) that the Sphinx, MkDocs and notebook front ends share:
requests checked against the catalogue, their cache folders, blocks taken from an
existing output folder only when its manifest vouches for them, and the markup's links
under a site's prefix or inlined."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest
from embedtools import VIDEO, renders

from whyl1 import embed
from whyl1.embed import EmbedError, Request, parse_assignments

pytestmark = pytest.mark.usefixtures("whyl1_cache_in_env")


def test_assignments_are_split_on_spaces_and_pairs_keep_their_comma():
    assert parse_assignments("w0=3 eta=0.25") == (("w0", "3"), ("eta", "0.25"))
    assert parse_assignments(" center=1.9, 3  t = 1\n") == (("center", "1.9, 3"), ("t", "1"))
    assert parse_assignments("") == ()
    for bad in ("w0", "w0=", "=3", "w0=3 eta"):
        with pytest.raises(EmbedError, match="expected NAME=VALUE"):
            parse_assignments(bad)


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        (("movie", "steps"), "kind must be one of video, figure, explorer, got 'movie'"),
        (("video", "stepz"), "unknown story 'stepz'; known: penalties, steps"),
        (("figure", "steps", (("w0", "5.1"),)), "steps: w0: the L1 iterates from 5.1 never"),
        (("figure", "kink", (("slope", "1"),)), "kink: slope: unknown parameter"),
        (("explorer", "geometry"), "the explorer takes no story and no parameters"),
    ],
)
def test_a_bad_request_says_what_is_wrong(request_args, message):
    with pytest.raises(EmbedError, match=re.escape(message)):
        Request(*request_args)


@pytest.mark.parametrize(
    ("option", "value"), [("theme", "sepia"), ("size", "poster"), ("quality", "8k")]
)
def test_a_bad_option_names_the_choices(option, value):
    with pytest.raises(EmbedError, match=f"{option} must be one of .*, got '{value}'"):
        Request("figure", "steps", **{option: value})


def test_a_block_folder_is_named_by_what_changes_its_files():
    same = Request("figure", "steps", (("w0", "5"),)).name  # the default, written out
    assert Request("figure", "steps").name == same
    others = {
        Request("figure", "steps", (("w0", "3"), ("eta", "0.25"))).name,
        Request("figure", "steps", theme="dark").name,
        Request("figure", "steps", size="column").name,
        Request("video", "steps").name,
        Request("video", "steps", quality="low").name,
    }
    assert same not in others and len(others) == 5
    assert Request("figure", "steps", quality="low").name == same  # a figure has no quality
    assert re.fullmatch(r"steps-figure-[0-9a-f]{12}", same)


@pytest.fixture(scope="module")
def figure_folder(tmp_path_factory):
    """What `whyl1 figure epsilon --format svg --out DIR` leaves."""
    folder = tmp_path_factory.mktemp("figures")
    subprocess.run(
        [sys.executable, "-m", "whyl1", "figure", "epsilon", "--format", "svg", "--out",
         str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder


def test_a_block_is_taken_from_an_output_folder_that_vouches_for_it(figure_folder):
    block = embed.prepare(Request("figure", "epsilon"), found_in=figure_folder)
    assert block.folder == figure_folder and block.files == ("epsilon.svg",)
    assert block.made_from == ("epsilon.alt.txt",)
    html = block.html("../_static/whyl1/x/")
    assert 'src="../_static/whyl1/x/epsilon.svg"' in html
    assert (figure_folder / "epsilon.alt.txt").read_text().strip() in html


@pytest.mark.parametrize(
    ("request_args", "hint"),
    [
        (("figure", "epsilon", (("eps", "0.2"),)), "--set epsilon.eps=0.2"),
        (("figure", "epsilon", (), "dark"), "--theme dark"),
        (("figure", "steps"), ""),
        (("video", "epsilon"), ""),
    ],
)
def test_an_output_folder_without_the_block_says_how_to_make_it(figure_folder, request_args, hint):
    with pytest.raises(EmbedError) as error:
        embed.prepare(Request(*request_args), found_in=figure_folder)
    message = str(error.value)
    assert message.startswith(f"{figure_folder} has no {request_args[0]} of '{request_args[1]}'")
    assert f"run `whyl1 all --out {figure_folder}" in message and hint in message


def test_an_output_changed_since_its_run_is_not_taken(figure_folder, tmp_path):
    changed = tmp_path / "changed"
    changed.mkdir()
    for path in figure_folder.iterdir():
        (changed / path.name).write_bytes(path.read_bytes())
    with open(changed / "epsilon.svg", "ab") as handle:
        handle.write(b"\n")
    with pytest.raises(EmbedError, match="has no figure of 'epsilon'"):
        embed.prepare(Request("figure", "epsilon"), found_in=changed)
    with pytest.raises(EmbedError, match="holds no whyl1 outputs"):
        embed.prepare(Request("figure", "epsilon"), found_in=tmp_path)


@pytest.mark.render
def test_a_rendered_video_block_links_or_inlines_its_files(whyl1_cache):
    """The shared video block (rendered by whichever embedding test comes first), then
    taken from its own folder as from a `whyl1 all` folder: a video at any quality will
    do there, so asking for medium finds the low-quality render."""
    block = embed.prepare(VIDEO, cache=renders(whyl1_cache))
    folder = renders(whyl1_cache) / VIDEO.name
    assert block.folder == folder
    assert block.files == ("videos/epsilon.mp4", "posters/epsilon.png", "captions/epsilon.vtt")
    assert block.made_from == ("videos/epsilon.srt",)
    assert all((folder / name).is_file() for name in block.files + block.made_from)
    html = block.html("media/")
    assert all(f'"media/{name}"' in html for name in block.files)
    inline = block.inline_html()
    mp4 = base64.b64encode((folder / "videos" / "epsilon.mp4").read_bytes()).decode()
    assert f'src="data:video/mp4;base64,{mp4}"' in inline
    assert "media/" not in inline and 'src="videos/' not in inline
    found = embed.prepare(Request("video", "epsilon", quality="medium"), found_in=folder)
    assert found.files == block.files
