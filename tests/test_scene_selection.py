"""The selection scene: one low-quality render checked cell by cell at its section boundaries
and in its last frame, and every count it shows recounted with plain loops over
scikit-learn's Lasso and Ridge fitted to the same seeded data."""

from __future__ import annotations

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, blend, captions, color_fraction, numbers_on_screen, point_box
from sklearn.linear_model import Lasso, Ridge
from whyl1.scenes.selection import SelectionScene

from whyl1 import maths

pytestmark = pytest.mark.render

SCENE = SelectionScene
DEFAULTS = {"n_samples": 500, "n_features": 1000, "n_relevant": 50, "noise": 1.0, "lam": 0.25,
            "seed": 0}  # fmt: skip


def fits(values):
    """The story's seeded data, and sklearn's lasso and ridge weights on it (our objectives:
    sklearn's Lasso alpha is λ; its Ridge alpha is n·λ)."""
    x, y, truth = maths.selection_data(
        values["n_samples"], values["n_features"], values["n_relevant"], values["noise"],
        values["seed"],
    )  # fmt: skip
    lam = values["lam"]
    lasso = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y).coef_
    ridge = Ridge(alpha=len(y) * lam, fit_intercept=False, solver="svd").fit(x, y).coef_
    return truth, lasso, ridge


def plain_counts(truth, weights, read):
    """The table's five counts over the first ``read`` cells, one cell at a time."""
    counts = dict.fromkeys(("nonzero", "true_positives", "false_positives", "missed", "zeros"), 0)
    for j in range(read):
        matters, kept = truth[j] != 0, weights[j] != 0
        counts["nonzero"] += kept
        counts["zeros"] += not kept
        counts["true_positives"] += kept and matters
        counts["false_positives"] += kept and not matters
        counts["missed"] += matters and not kept
    return counts


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["candidates", "lasso", "ridge", "fitted"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_narration_says_the_plain_counts(scene):
    truth, lasso, ridge = fits(DEFAULTS)
    n = DEFAULTS["n_features"]
    kept, kept_by_ridge = plain_counts(truth, lasso, n), plain_counts(truth, ridge, n)
    relevant = sum(1 for w in truth if w != 0)
    said = " ".join(text.replace("\n", " ") for _, _, text in captions(scene))
    assert f"{n:,} candidate features" in said
    assert f"Only {relevant} of them truly matter" in said
    assert (
        f"{kept['nonzero']} stay lit: {kept['true_positives']} of the {relevant} that matter, "
        f"and {kept['false_positives']} false positives, circled. The other {kept['zeros']} "
        "are exactly 0."
    ) in said
    assert f"all {kept_by_ridge['nonzero']:,} stay lit" in said
    assert f"The lasso's {kept['zeros']} zeros sit on one point" in said
    assert f"Ridge's {n - relevant} irrelevant weights" in said


@pytest.mark.parametrize(
    "params",
    [{}, {"n_samples": "120", "n_features": "300", "n_relevant": "12", "lam": "0.1", "seed": "5"}],
)
def test_counts_as_they_appear_against_sklearn(params):
    values = {**DEFAULTS, **{k: type(DEFAULTS[k])(v) for k, v in params.items()}}
    scene, shown = numbers_on_screen(SelectionScene, params)
    truth, lasso, ridge = fits(values)
    n = values["n_features"]
    stops = scene.stops()
    assert stops[0] == 0 and stops[-1] == n and np.all(np.diff(stops) > 0)
    for method, weights in (("lasso", lasso), ("ridge", ridge)):
        for step, read in enumerate(stops):
            for key, count in plain_counts(truth, weights, read).items():
                assert shown[f"{method}_{key}_{step}"] == count, (method, key, step)
    final = plain_counts(truth, lasso, n)
    assert shown["versus_zeros"] == final["zeros"] == n - final["nonzero"]
    assert shown["versus_irrelevant"] == n - values["n_relevant"]
    assert plain_counts(truth, ridge, n)["nonzero"] == n  # ridge keeps every weight
    assert (shown["n_samples"], shown["lam"]) == (values["n_samples"], values["lam"])


def test_defaults_keep_about_fifty():
    _, shown = numbers_on_screen(SelectionScene, {})
    last = SelectionScene.CHECKPOINTS
    assert 40 <= shown[f"lasso_nonzero_{last}"] <= 70  # the story's claim, 1,000 → about 50
    assert shown[f"ridge_nonzero_{last}"] == 1000


def cell_colours(frame, scene, grid):
    """Each cell's colour at its centre: the fraction of a small box in each named colour."""
    half = 0.2 * scene.pitch
    return [
        {name: color_fraction(frame, color, point_box(centre, half)) for name, color in
         (("l1", COLORS.l1), ("l2", COLORS.l2), ("faint", COLORS.faint),
          ("waiting", blend(COLORS.muted, SelectionScene.WAITING_OPACITY, COLORS.background)))}
        for centre in scene.centres(grid)
    ]  # fmt: skip


def test_every_cell_waits_before_the_fits(output, scene):
    frame = output.section("lasso")  # the candidates, outlined, nothing read yet
    for grid in (scene.lasso_grid, scene.ridge_grid):
        assert all(cell["waiting"] > 0.5 for cell in cell_colours(frame, scene, grid))


def test_lasso_grid_lit_exactly_where_sklearn_is_non_zero(output, scene):
    frame = output.section("ridge")  # the lasso read in full, ridge not yet
    _, lasso, _ = fits(DEFAULTS)
    cells = cell_colours(frame, scene, scene.lasso_grid)
    lit = [j for j, cell in enumerate(cells) if cell["l1"] > 0.5]
    out = [j for j, cell in enumerate(cells) if cell["faint"] > 0.5]
    assert lit == [j for j in range(len(lasso)) if lasso[j] != 0]
    assert out == [j for j in range(len(lasso)) if lasso[j] == 0]
    ridge = cell_colours(frame, scene, scene.ridge_grid)
    assert all(cell["waiting"] > 0.5 for cell in ridge)


def test_ridge_grid_all_lit(output, scene):
    frame = output.section("fitted")  # both read
    assert all(cell["l2"] > 0.5 for cell in cell_colours(frame, scene, scene.ridge_grid))


def test_last_frame_fitted_against_true(output, scene):
    frame = output.last_frame()
    truth, lasso, ridge = fits(DEFAULTS)
    lasso_axes, ridge_axes = (plot for plot in scene.section_ends[-1].plots)
    # The lasso's exact zeros: one point at the origin, in the zero colour
    assert color_fraction(frame, COLORS.zero, point_box(lasso_axes.c2p(0, 0), 0.05)) > 0.5
    # Its kept true features in blue at (true, fitted); ridge's irrelevant ones on the
    # vertical axis in vermillion, at their (non-zero) fitted values
    for j in np.flatnonzero(truth)[:10]:
        box = point_box(lasso_axes.c2p(truth[j], lasso[j]), 0.025)  # the squares are 0.075
        assert color_fraction(frame, COLORS.l1, box) > 0.3
    for j in np.flatnonzero(truth == 0)[:10]:
        box = point_box(ridge_axes.c2p(0, ridge[j]), 0.025)
        assert color_fraction(frame, COLORS.l2, box) > 0.3
