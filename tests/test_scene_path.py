"""The path scene: one low-quality render checked at its section boundaries and last frame,
and every λ, name and count it shows checked against scikit-learn: the knots from
``lars_path(method="lasso")`` (exact), the order the coefficients reach 0 from
``lasso_path`` on a fine grid, the counts by plain loops over sklearn's own fits."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, color_fraction, numbers_on_screen, point_box, section_end
from sklearn import datasets
from sklearn.linear_model import Lasso, Ridge, lars_path, lasso_path
from whyl1.scenes.path import PathScene

from whyl1.theme import number_text

pytestmark = pytest.mark.render

SCENE = PathScene
NAMES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


@pytest.fixture(scope="module")
def diabetes():
    """sklearn's own standardised diabetes data (centred, unit-norm columns), centred y."""
    x, y = datasets.load_diabetes(return_X_y=True, scaled=True)
    return x, y - y.mean()


def lars_events(x, y, smallest):
    """Going up from λ = ``smallest``: each LARS knot's λ, the feature that reaches (True)
    or leaves (False) exactly 0 there, read off the exact path's zeros with plain loops."""
    alphas, _, coefs = lars_path(x, y, method="lasso")
    events = []
    for i in range(len(alphas) - 2, -1, -1):  # knots above 0, increasing λ
        if alphas[i] <= smallest:
            continue
        for j in range(coefs.shape[0]):
            if coefs[j, i] != 0:
                continue
            if coefs[j, i + 1] != 0:  # non-zero just below the knot, 0 at it: lands
                events.append((alphas[i], NAMES[j], True))
            elif i > 0 and coefs[j, i - 1] != 0:  # 0 at the knot, non-zero above: leaves
                events.append((alphas[i], NAMES[j], False))
    return events


def exit_order(x, y, smallest, top):
    """The features by the largest λ at which sklearn's lasso_path keeps them non-zero (those
    never non-zero on the grid left out)."""
    alphas = np.geomspace(top, smallest, 3000)
    _, coefs, _ = lasso_path(x, y, alphas=alphas, tol=1e-12, max_iter=100_000)
    last = {NAMES[j]: alphas[np.flatnonzero(row)[0]] for j, row in enumerate(coefs) if row.any()}
    return sorted(last, key=last.get)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["paths", "sweep", "zeros", "ridge"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_narration_names_each_knot_as_the_sweep_reaches_it(scene, diabetes):
    """The sweep's sections say one beat per knot of the exact path (lars_path), in
    order, naming the coefficient that reaches 0 there, or saying that it leaves 0."""
    x, y = diabetes
    events = lars_events(x, y, scene.lasso.low)
    sweep = [b for b in scene.timeline()["beats"] if b["section"] in ("sweep", "zeros")]
    assert len(sweep) == len(events)
    for beat, (_, name, lands) in zip(sweep, events, strict=True):
        words = beat["caption"].replace(",", " ").replace(".", " ").replace(":", " ").split()
        assert name in words, beat["caption"]
        assert ("leaves" in words) == (not lands), beat["caption"]


@pytest.mark.parametrize(
    "params, ratio, points", [({}, 1e-3, 60), ({"lambda_ratio": "0.02", "points": "30"}, 0.02, 30)]
)
def test_knots_names_and_counts_against_sklearn(diabetes, params, ratio, points):
    x, y = diabetes
    scene, shown = numbers_on_screen(PathScene, params)
    top = np.max(np.abs(x.T @ y)) / len(y)  # λ_max: the first LARS knot
    smallest = top * ratio
    assert shown["lasso_lambda_low"] == pytest.approx(smallest, rel=1e-12)
    assert shown["lasso_lambda_high"] == pytest.approx(top, rel=1e-12)
    events = lars_events(x, y, smallest)
    # Every knot is a pause: a name and its λ as the coefficient lands or leaves 0
    landings = [(lam, name) for lam, name, lands in events if lands]
    leavings = [(lam, name) for lam, name, lands in events if not lands]
    got_landings = sorted(v for k, v in shown.items() if k.startswith("landing_"))
    got_leavings = sorted(v for k, v in shown.items() if k.startswith("leaving_"))
    np.testing.assert_allclose(got_landings, [lam for lam, _ in landings], rtol=1e-10)
    np.testing.assert_allclose(got_leavings, [lam for lam, _ in leavings], rtol=1e-10)
    assert scene.landed_names == [name for _, name in landings]
    # The rows left standing (the last landing of each feature) are the order of exits
    standing = list(dict.fromkeys(reversed(scene.landed_names)))[::-1]
    seen = [name for name in exit_order(x, y, smallest, top) if name in standing]
    assert standing == seen
    # The lasso's count at each knot (sklearn's exact path) and on each stretch (its
    # coordinate-descent fit at the stretch's middle), counted with plain loops
    knots = [smallest, *(lam for lam, _, _ in events)]
    for index, (low, high) in enumerate(pairwise(knots)):
        fit = Lasso(alpha=(low + high) / 2, fit_intercept=False, tol=1e-14, max_iter=10**6)
        stretch = sum(1 for w in fit.fit(x, y).coef_ if w != 0)
        assert shown[f"lasso_nonzero_stretch_{index}"] == stretch
        at_knot = stretch - (1 if events[index][2] else 0)
        assert shown[f"lasso_nonzero_knot_{index}"] == at_knot
    start = Lasso(alpha=smallest, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y)
    assert shown["lasso_nonzero_start"] == sum(1 for w in start.coef_ if w != 0)
    assert shown["lasso_nonzero_knot_" + str(len(events) - 1)] == 0
    # Ridge: non-zero at every λ of its grid, by sklearn (alpha = nλ) and a plain count
    n = len(y)
    ridge = [
        sum(1 for w in Ridge(alpha=n * lam, fit_intercept=False).fit(x, y).coef_ if w != 0)
        for lam in np.geomspace(shown["ridge_lambda_low"], shown["ridge_lambda_high"], 7)
    ]
    assert shown["ridge_nonzero"] == min(ridge) == 10
    assert shown["features"] == 10


def test_zoom_numbers_are_sklearns_ridge(diabetes, scene):
    x, y = diabetes
    _, shown = numbers_on_screen(PathScene, {})
    largest = scene.ridge_lams[-1]
    fit = Ridge(alpha=len(y) * largest, fit_intercept=False, solver="cholesky").fit(x, y)
    assert shown["ridge_smallest"] == pytest.approx(np.min(np.abs(fit.coef_)), rel=1e-8)
    assert shown["zoom_lambda_high"] == pytest.approx(largest, rel=1e-12)
    # The zoomed axis reaches past every coefficient it shows, at a round number
    assert shown["zoom_coef_top"] >= np.max(np.abs(scene.ridge_coefs[:, -1]))
    assert shown["zoom_coef_top"] == -shown["zoom_coef_bottom"]
    # The full panels share one round range past every coefficient (s1's, −792, at most)
    largest = max(np.max(np.abs(scene.ridge_coefs)), np.max(np.abs(scene.data.knots.coefs)))
    assert largest <= shown["lasso_coef_top"] == shown["ridge_coef_top"] <= 1.5 * largest


def test_ledger_on_screen(scene):
    """As the sweep reaches the first coefficient that lands for good: s3's brief landing
    (struck out) and age's row; at the end one row per landing, in the order they landed."""
    _, shown = numbers_on_screen(PathScene, {})
    landings = sorted((int(key.split("_")[1]), lam) for key, lam in shown.items()
                      if key.startswith("landing_"))  # fmt: skip
    rows = [
        f"{name}{number_text(lam, 4)}"
        for name, (_, lam) in zip(scene.landed_names, landings, strict=True)
    ]
    words = {letters.words for letters in section_end(scene, "sweep").lettering}
    assert {"s30.002965", "age0.01151"} <= words  # Text keeps no spaces
    assert rows[:2] == ["s30.002965", "age0.01151"]
    final = [letters.words for letters in section_end(scene, "ridge").lettering]
    assert [words for words in final if words in rows] == rows


def test_age_lands_in_the_zero_colour_while_others_are_blue(output, scene, diabetes):
    x, y = diabetes
    frame = output.section("zeros")  # age has just landed, at its knot
    lasso = scene.lasso
    (age,) = [lam for lam, name, lands in lars_events(x, y, lasso.low) if name == "age"]
    fit = Lasso(alpha=age, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y)
    for coef in fit.coef_:  # age and s3 on the axis in the zero colour, the rest blue
        color = COLORS.zero if coef == 0 else COLORS.l1
        assert color_fraction(frame, color, point_box(lasso.point(age, coef), 0.04)) > 0.3
    ridge = scene.ridge.axes
    ridge_box = point_box(ridge.get_center(), ridge.width / 2, ridge.height / 2)
    assert color_fraction(frame, COLORS.l2, ridge_box) > 0.002  # ten curves and dots
    assert color_fraction(frame, COLORS.zero, ridge_box) == 0.0


def test_lasso_ends_all_zero_and_ridge_does_not(output, scene):
    frame = output.section("ridge")  # the sweep's end: λ = λ_max on both panels
    end = scene.lasso.point(scene.lasso.high, 0.0)
    assert color_fraction(frame, COLORS.zero, point_box(end, 0.08)) > 0.3
    ridge_end = point_box(scene.ridge.point(scene.ridge.high, 0.0), 0.08)
    assert color_fraction(frame, COLORS.l2, ridge_end) > 0.3
    assert color_fraction(frame, COLORS.zero, ridge_end) == 0.0


def test_last_frame_zoom_shows_every_ridge_coefficient_off_zero(output, scene, diabetes):
    x, y = diabetes
    frame = output.last_frame()
    zoomed = scene.zoomed
    fit = Ridge(alpha=len(y) * zoomed.high, fit_intercept=False, solver="cholesky").fit(x, y)
    for coef in fit.coef_:
        dot = point_box(zoomed.point(zoomed.high, coef), 0.04)
        assert color_fraction(frame, COLORS.l2, dot) > 0.3
    panel = point_box(zoomed.axes.get_center(), zoomed.axes.width / 2, zoomed.axes.height / 2)
    assert color_fraction(frame, COLORS.zero, panel) == 0.0
