"""The CLI's contract: every verb's help, the data JSON/CSV keys, and clear errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from whyl1 import stories
from whyl1.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        [],
        *[[verb] for verb in main.commands],  # every verb, so a new one cannot be missed
        *[["data", name] for name in stories.NAMES],
    ],
)
def test_every_help_works(runner, args):
    result = invoke(runner, *args, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_list_names_every_story_with_outputs(runner):
    result = invoke(runner, "list")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(stories.NAMES)
    assert all("data" in line.split()[1] for line in lines)


def test_list_params_shows_defaults_and_ranges(runner):
    result = invoke(runner, "list", "--params")
    assert "eta             0.5            (0, 10]" in result.output
    assert "hessian         1,0.7,1.2" in result.output


def test_data_help_lists_the_story_parameters(runner):
    result = invoke(runner, "data", "geometry", "--help")
    for name in ("center", "hessian", "t", "edge_center"):
        assert f"\n    {name} " in result.output


def data_json(runner, name, *sets):
    args = ["data", name]
    for assignment in sets:
        args += ["--set", assignment]
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("name", stories.NAMES)
def test_every_story_prints_json_and_csv(runner, name):
    assert data_json(runner, name)
    result = invoke(runner, "data", name, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["key", "index", "value"]
    assert len(rows) > 2


def test_steps_contract(runner):
    data = data_json(runner, "steps")
    assert data["l1"][:11] == [5.0 - 0.5 * k for k in range(11)]
    assert data["l1"][10] == 0.0 and len(data["l1"]) == 21
    assert data["l2"][:4] == [5.0, 2.5, 1.25, 0.625]


def test_steps_parameters_change_the_numbers(runner):
    data = data_json(runner, "steps", "w0=3", "eta=0.25")
    assert data["l1"][0] == 3.0
    assert data["l1_zero_step"] == 12


def test_oscillation_contract(runner):
    data = data_json(runner, "oscillation")
    assert set(data) >= {"subgradient", "clamp", "prox"}
    assert [round(w, 12) for w in data["subgradient"][10:15]] == [0.1, -0.4, 0.1, -0.4, 0.1]
    assert data["clamp"][11] == 0.0 and data["prox"][11] == 0.0


def test_geometry_contract(runner):
    data = data_json(runner, "geometry")
    assert set(data) >= {"lasso", "ridge", "lasso_level", "ridge_level", "lasso_on_corner"}
    assert data["lasso_on_corner"] is True and 0.0 in data["lasso"]
    assert data["edge_case"]["lasso_on_corner"] is False


def test_thresholding_contract(runner):
    data = data_json(runner, "thresholding")
    assert data["p_sparse_ridge"] == 0.0
    assert 0 < data["p_sparse_lasso"] < 1
    assert abs(data["p_sparse_lasso"] - data["p_sparse_lasso_mc"]) < 0.01


def test_priors_contract(runner):
    data = data_json(runner, "priors", "narrow_sigma=0.3")
    at_zero = data["density_at_zero"]
    assert at_zero["narrow_gaussian"] > at_zero["laplace"] > at_zero["gaussian"]
    assert len(data["x"]) == len(data["gaussian"]) == len(data["laplace"])


def test_kink_contract(runner):
    data = data_json(runner, "kink", "c=0.5", "beta=1")
    assert data["l1_minimizer"] == 0.0
    assert data["l2_minimizer"] == pytest.approx(0.5 / 3)
    assert data["zero_interval"] == [-1.0, 1.0]


def test_path_contract(runner):
    data = data_json(runner, "path", "points=10")
    assert len(data["lambdas"]) == 10
    assert len(data["lasso_coefs"]) == len(data["ridge_coefs"]) == 10  # features
    assert data["feature_names"][:3] == ["age", "sex", "bmi"]


BAD_INPUTS = [
    (["data", "nosuch"], "unknown story 'nosuch'"),
    (["data", "steps", "--set", "bogus=1"], "bogus: unknown parameter"),
    (["data", "steps", "--set", "w0"], "expected key=value"),
    (["data", "steps", "--set", "eta=fast"], "eta: expected a number"),
    (["data", "steps", "--set", "n=2.5"], "n: expected a whole number"),
    (["data", "steps", "--set", "w0=nan"], "w0: must be a finite number"),
    (["data", "steps", "--set", "w0=inf"], "w0: must be a finite number"),
    (["data", "steps", "--set", "eta=0"], "eta: 0 is out of range; allowed: (0, 10]"),
    (["data", "steps", "--set", "eta=-1"], "eta: -1 is out of range"),
    (["data", "steps", "--set", "n=100000"], "n: 100000 is out of range; allowed: [1, 10000]"),
    (["data", "steps", "--set", "eta=2"], "eta*lam must be < 1"),
    (["data", "steps", "--set", "w0=5.1"], "never land exactly on 0"),
    (["data", "steps", "--set", "w0=400", "--set", "n=1100"], "must be at most 1030"),
    (["data", "steps", "--set", "w0=1000", "--set", "n=2000"], "L1 needs 2000 steps to land"),
    (["data", "geometry", "--set", "t=0"], "t: 0 is out of range"),
    (["data", "geometry", "--set", "hessian=1,2,1"], "not positive definite"),
    (["data", "geometry", "--set", "hessian=-1,0,1"], "not positive definite"),
    (["data", "geometry", "--set", "center=1"], "center: expected x,y"),
    (["data", "geometry", "--set", "center=0.1,0.1"], "must lie outside"),
    (["data", "oscillation", "--set", "w0=5"], "no bounce"),
    (["data", "epsilon", "--set", "delta=0.5"], "delta: must be <= eps"),
    (["data", "priors", "--set", "narrow_sigma=1"], "narrow_sigma: must be <"),
    (["data", "selection", "--set", "n_relevant=20", "--set", "n_features=10"], "n_relevant"),
    (["data", "steps", "--format", "xml"], "'xml' is not one of"),
    (["render", "nosuch"], "unknown story 'nosuch'"),
    (["render", "steps", "--quality", "ultra"], "'ultra' is not one of"),
    (["figure", "steps", "--dpi", "5"], "5 is not in the range"),
    (["all", "--set", "w0=3"], "expected STORY.PARAM=VALUE"),
    (["all", "--set", "steps.eta=0"], "eta: 0 is out of range"),
    (["all", "--shard", "3/2"], "expected K/N"),
    (["all", "--jobs", "0"], "0 is not in the range"),
    (["render", "steps", "--format", "avi"], "'avi' is not one of"),
    (["render", "steps", "--theme", "sepia"], "'sepia' is not one of"),
    (["render", "steps", "--set", "eta=0"], "eta: 0 is out of range"),
    (["figure", "nosuch"], "unknown story 'nosuch'"),
    (["figure", "steps", "--format", "jpg"], "'jpg' is not one of"),
    (["figure", "steps", "--size", "poster"], "'poster' is not one of"),
    (["figure", "steps", "--theme", "sepia"], "'sepia' is not one of"),
    (["all", "--video-format", "gif"], "'gif' is not one of"),
    (["all", "--figure-format", "eps"], "'eps' is not one of"),
    (["all", "--quality", "ultra"], "'ultra' is not one of"),
    (["page", "--theme", "sepia"], "'sepia' is not one of"),
    (["render", "steps", "--voice", "bob"], "use joe, none, or the path of a Piper .onnx voice"),
    (["render", "steps", "--voice", "/nonexistent/voice.onnx"], "no such file"),
    (["all", "--voice", "/nonexistent/voice.onnx"], "no such file"),
    (["explorer", "--theme", "sepia"], "'sepia' is not one of"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_is_one_clear_line_and_exit_2(runner, tmp_path, args, message):
    out = tmp_path / "out"
    if args[0] in ("render", "figure", "all", "page", "explorer"):
        args = [*args, "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1 and message in error_lines[0], result.output
    assert "Traceback" not in result.output
    assert not out.exists()  # nothing written on bad input


def test_a_voice_without_its_config_is_one_line_and_exit_2(runner, tmp_path):
    model = tmp_path / "mine.onnx"
    model.write_bytes(b"a model")
    result = runner.invoke(main, ["render", "steps", "--voice", str(model), "--out", str(tmp_path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "its config mine.onnx.json is not beside it" in errors[0]


def test_without_the_voice_extra_render_says_so_once_and_goes_silent(runner, monkeypatch):
    """One line, then on as if ``--voice none`` was given: here on to the next check, a
    bad --set, so that nothing renders."""
    from whyl1 import voice

    monkeypatch.setattr(voice, "voice_available", lambda name="joe": False)
    result = runner.invoke(main, ["render", "steps", "--set", "eta=0"])
    notices = [line for line in result.output.splitlines() if "voice extra" in line]
    assert notices == [
        "whyl1: narration needs the voice extra (pip install 'whyl1[voice]'); "
        "rendering silent videos"
    ]
    assert result.exit_code == 2 and "eta: 0 is out of range" in result.output


def test_a_narration_error_in_the_scene_is_one_line():
    """What manim's log shows when a beat cannot be said (its last lines, wrapped at the
    terminal's width) becomes one line naming the story."""
    from whyl1.render import _failure

    log = [
        "│ /work/whyl1/speech.py:304 in _lex_one                                │",
        "╰──────────────────────────────────────────────────────────────────────╯",
        "UnspeakableText: no reading for '⊕' (U+2295) in 'The weight is η ⊕ 3, a very",
        "long sentence that goes on and …'",
    ]
    assert _failure("steps", log, Path.cwd()) == (
        "cannot narrate 'steps': no reading for '⊕' (U+2295) in 'The weight is η ⊕ 3, "
        "a very long sentence that goes on and …'"
    )
    voice_log = ["VoiceError: voice 'mine' cannot report phoneme durations: no output"]
    assert _failure("kink", voice_log, Path.cwd()) == (
        "cannot narrate 'kink': voice 'mine' cannot report phoneme durations: no output"
    )


def test_list_and_data_do_not_import_manim_or_matplotlib():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from whyl1.cli import main\n"
        "r = CliRunner().invoke(main, ['list']); assert r.exit_code == 0\n"
        "assert 'numpy' not in sys.modules, 'list imported numpy'\n"
        "r = CliRunner().invoke(main, ['data', 'steps']); assert r.exit_code == 0\n"
        "heavy = {'manim', 'matplotlib'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_installed_command_works_from_any_directory(tmp_path):
    executable = next(
        p
        for p in (
            Path(sys.executable).parent / "whyl1",
            Path(sys.prefix) / "bin" / "whyl1",
        )
        if p.exists()
    )
    result = subprocess.run(
        [str(executable), "data", "kink"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["zero_interval"] == [-1.0, 1.0]
