"""The lesson's prose: its numbers read back from the text and checked against independent
computations (plain loops, exact fractions, closed forms, SciPy and scikit-learn), for the
defaults and for other parameters, so a ``--set`` that changes a video changes the words
around it too; and the rules the text keeps (every story explained, in catalogue order,
balanced emphasis, no internal notes named)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats
from scipy.optimize import brentq, minimize, minimize_scalar
from sklearn import datasets
from sklearn.linear_model import Lasso, Ridge

from whyl1 import maths, page, stories
from whyl1.lesson import Bullets, Formula, Paragraph, Table, build_lesson
from whyl1.stories import ParamError
from whyl1.theme import number_text

INTERNAL = re.compile(r"seed ?0[0-9]{2}|seeds|\.\./shared|CONTENT\.md", re.IGNORECASE)

_SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
NUMBER = re.compile(r"−?\d[\d,]*(?:\.\d+)?(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
POINT = re.compile(rf"\(({NUMBER.pattern}), ({NUMBER.pattern})\)")


def value(text: str) -> float:
    """A number as the lesson writes it (``−0.4``, ``1,000``, ``4.768×10⁻⁶``), parsed
    back without whyl1's help."""
    mantissa, _, power = text.replace("−", "-").replace(",", "").partition("×10")
    return float(mantissa) * 10.0 ** int(power.translate(_SUPERSCRIPT) or 0)


def after(text: str, words: str) -> float:
    """The first number written after ``words``."""
    start = text.index(words) + len(words)
    return value(NUMBER.search(text, start).group())


def points(text: str) -> list[tuple[float, float]]:
    return [(value(x), value(y)) for x, y in POINT.findall(text)]


def close(written: float, exact: float) -> bool:
    """Whether a number written to 4 significant digits is ``exact`` rounded."""
    return math.isclose(written, exact, rel_tol=6e-4, abs_tol=1e-12)


def story_text(name: str, **overrides: object) -> str:
    """A story's explanation as one text (paragraphs and formulas), for these values."""
    given = {name: {k: str(v) for k, v in overrides.items()}} if overrides else {}
    told = next(s for s in build_lesson(given).stories if s.story == name)
    return " ".join(b.text for b in told.blocks if isinstance(b, Paragraph | Formula))


def lead(name: str, **overrides: object) -> str:
    given = {name: {k: str(v) for k, v in overrides.items()}} if overrides else {}
    return next(s for s in build_lesson(given).stories if s.story == name).lead


# --- the shape of the lesson -----------------------------------------------------------------


def test_penalties_names_both_bands():
    """The video's band, |w| > ½w², and the figure's, |w| > w², read back from the text
    against where a dense grid of w finds each inequality holding."""
    text = story_text("penalties")
    grid = np.linspace(-3, 3, 60001)
    video_band = grid[(np.abs(grid) > 0.5 * grid**2) & (grid != 0)]
    figure_band = grid[(np.abs(grid) > grid**2) & (grid != 0)]
    low = after(text, "for every non-zero w between ")
    high = after(text, f"for every non-zero w between {number_text(low)} and ")
    assert (low, high) == pytest.approx((video_band.min(), video_band.max()), abs=1e-3)
    assert "|w| > ½w² (the band the video shades)" in text
    low = after(text, "the band the video shades), and between ")
    high = after(text, f"the band the video shades), and between {number_text(low)} and ")
    assert (low, high) == pytest.approx((figure_band.min(), figure_band.max()), abs=1e-3)
    assert "|w| is even above the whole square w² (the figure's band)" in text


def test_every_story_is_explained_in_catalogue_order_with_a_few_paragraphs():
    lesson = build_lesson()
    assert [s.story for s in lesson.stories] == [story.name for story in stories.STORIES]
    for told in lesson.stories:
        paragraphs = [b for b in told.blocks if isinstance(b, Paragraph)]
        assert 2 <= len(paragraphs) <= 4, told.story
        assert told.lead
    kinds = {type(b) for b in lesson.when_to_use}
    assert Bullets in kinds and len([b for b in lesson.when_to_use if isinstance(b, Bullets)]) == 3


def test_the_text_marks_emphasis_in_pairs_and_names_no_internal_notes():
    lesson = build_lesson()
    blocks = [*lesson.refresher, *lesson.when_to_use]
    blocks += [b for told in lesson.stories for b in told.blocks]
    texts = [told.lead for told in lesson.stories]
    for block in blocks:
        if isinstance(block, Paragraph):
            page.inline_text(block.text)  # raises on an unpaired *
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts += [block.heading, *block.items]
        elif isinstance(block, Table):
            texts += [block.caption, *block.header, *(c for row in block.rows for c in row)]
        else:
            texts.append(block.text)
    for text in texts:
        assert not INTERNAL.search(text), text


def test_a_bad_value_is_the_catalogues_error():
    with pytest.raises(ParamError, match="eta"):
        build_lesson({"steps": {"eta": "0"}})


# --- the refresher -----------------------------------------------------------------------------


def test_the_refreshers_worked_examples():
    (table,) = [b for b in build_lesson().refresher if isinstance(b, Table)]
    expected = [
        [number_text(w, 4), number_text(abs(w), 4), number_text(math.copysign(1, w), 4),
         number_text(w, 4)]
        for w in (5.0, -5.0, -0.001)
    ]  # fmt: skip
    assert [list(row) for row in table.rows] == expected
    assert [list(row[:2]) for row in table.rows] == [["5", "5"], ["−5", "5"], ["−0.001", "0.001"]]


# --- one story at a time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("w0", "eta", "lam", "n"), [(5, 0.5, 1, 20), (3, 0.25, 1, 20), (-3, 0.25, 2, 12)]
)
def test_steps(w0, eta, lam, n):
    text = story_text("steps", w0=w0, eta=eta, lam=lam, n=n)
    step, w, landed = Fraction(str(eta)) * Fraction(str(lam)), Fraction(str(w0)), 0
    while w != 0:  # the L1 step, exactly
        w -= step if w > 0 else -step
        landed += 1
    assert f"After {landed} steps the weight is *exactly 0*" in text
    assert close(after(text, f"After {n} steps it is"), w0 * (1 - eta * lam) ** n)
    assert f"after {landed} steps" in lead("steps", w0=w0, eta=eta, lam=lam, n=n)


@pytest.mark.parametrize(("w0", "bounce"), [(5.1, ("0.1", "−0.4")), (-2.3, ("−0.3", "0.2"))])
def test_oscillation(w0, bounce):
    text = story_text("oscillation", w0=w0)
    step, w, trail = Fraction(1, 2), Fraction(str(w0)), []
    for _ in range(20):  # the plain subgradient step, exactly
        trail.append(w)
        w -= step if w > 0 else -step
    crossing = next(k for k in range(1, 20) if trail[k] * trail[k - 1] < 0)
    before, beyond = trail[crossing - 1], trail[crossing]
    assert (number_text(float(before), 4), number_text(float(beyond), 4)) == bounce
    assert f"reaches {bounce[0]}, overshoots to {bounce[1]}, comes back to {bounce[0]}" in text
    landing = math.ceil(abs(Fraction(str(w0))) / step)
    assert f"(here after step {landing})" in text and f"after step {landing}." in text
    # with the data loss ½(w − 0.3)², a plain loop per η: the bounce over the last 20 steps
    for eta in (0.4, 0.2, 0.1, 0.05):
        w, tail = w0, []
        for _ in range(400):
            w = w - eta * ((w - 0.3) + (1.0 if w > 0 else -1.0 if w < 0 else 0.0))
            tail = [*tail[-19:], w]
        written = re.search(rf"({NUMBER.pattern}) at η = {re.escape(number_text(eta, 4))}\b", text)
        assert close(value(written.group(1)), max(tail) - min(tail)), eta


@pytest.mark.parametrize(("eps", "delta"), [(0.1, 0.05), (0.3, 0.1)])
def test_epsilon(eps, delta):
    text = story_text("epsilon", eps=eps, delta=delta)
    large, small = (1 - (1 - delta) ** 2), (eps**2 - (eps - delta) ** 2)  # ‖x‖₂² before − after
    assert close(after(text, "falls by"), delta) and close(after(text, "and by"), delta)
    assert close(after(text, "1 + ε² falls by"), large)
    assert close(after(text, "but by only"), small)
    assert math.isclose(large, 2 * delta - delta**2) and math.isclose(
        small, 2 * eps * delta - delta**2
    )


@pytest.mark.parametrize(("c", "beta"), [(0.6, 1.0), (2.0, 0.5), (-0.3, 0.4)])
def test_kink(c, beta):
    text = story_text("kink", c=c, beta=beta)
    l1 = minimize_scalar(lambda w: 0.5 * (w - c) ** 2 + beta * abs(w), bounds=(-10, 10),
                         method="bounded", options={"xatol": 1e-12}).x  # fmt: skip
    l2 = minimize_scalar(lambda w: 0.5 * (w - c) ** 2 + beta * w * w).x
    if abs(l1) < 1e-6:
        assert "the L1 minimiser is *exactly 0*" in text
    else:
        assert close(after(text, "the L1 minimiser is"), l1)
    assert close(after(text, "c/(1 + 2β), is"), l2)
    assert close(after(text, "L′(0) = −c ="), -c)


def _constrained(center, hessian, constraints):
    h = np.array([[hessian[0], hessian[1]], [hessian[1], hessian[2]]])
    center = np.asarray(center, dtype=float)
    loss = lambda b: 0.5 * (b - center) @ h @ (b - center)  # noqa: E731
    best = min(
        (minimize(loss, start, constraints=constraints, method="SLSQP",
                  options={"ftol": 1e-15, "maxiter": 500}) for start in
         ([0.0, 0.0], [0.3, 0.3], [-0.2, 0.5], [0.5, -0.2])),
        key=lambda result: result.fun,
    )  # fmt: skip
    return best.x


def _diamond(t):
    return [{"type": "ineq", "fun": lambda b, s=s, u=u: t - s * b[0] - u * b[1]}
            for s in (1, -1) for u in (1, -1)]  # fmt: skip


def _disk(t):
    return [{"type": "ineq", "fun": lambda b: t * t - b @ b}]


def test_geometry():
    text = story_text("geometry")
    values = stories.get("geometry").resolve()
    center, lasso, ridge = points(text[text.index("For β̂ =") :])[:3]
    assert center == values["center"]
    exact_lasso = _constrained(values["center"], values["hessian"], _diamond(1))
    exact_ridge = _constrained(values["center"], values["hessian"], _disk(1))
    assert lasso == pytest.approx(exact_lasso, abs=1e-3)
    assert ridge == pytest.approx(exact_ridge, abs=1e-3)
    assert lasso == (0, 1) and "where β₁ is *exactly 0*" in text
    edge_center, edge = points(text[text.index("A corner is likely") :])
    assert edge_center == values["edge_center"]
    assert edge == pytest.approx(
        _constrained(edge_center, values["hessian"], _diamond(1)), abs=1e-3
    )


def test_thresholding():
    text = story_text("thresholding", gamma=0.7, sigma=1.5)
    beta, sigma, gamma = np.array([2.0, 1.0]), 1.5, 0.7
    inside = stats.norm.cdf((gamma - beta) / sigma) - stats.norm.cdf((-gamma - beta) / sigma)
    assert close(after(text, "has a zero with probability"), 1 - np.prod(1 - inside))
    assert "ridge's with probability 0." in text


@pytest.mark.parametrize(("narrow", "noise"), [(0.25, 1.0), (0.5, 2.0)])
def test_priors(narrow, noise):
    text = story_text("priors", narrow_sigma=narrow, noise_sd=noise)
    b = 1 / math.sqrt(2)
    assert close(after(text, "higher at 0:"), stats.laplace(scale=b).pdf(0))
    assert close(after(text, "against the Gaussian's"), stats.norm.pdf(0))
    assert close(after(text, "is higher still,"), stats.norm(scale=narrow).pdf(0))
    # the Laplace MAP: argmin (x̄ − w)²/2s² + |w|/b is 0 exactly while |x̄| ≤ s²/b
    edge = after(text, "for every data mean x̄ from")
    assert close(-edge, noise**2 / b) and close(after(text, f"{number_text(edge, 4)} to"), -edge)
    objective = lambda w, m: (m - w) ** 2 / (2 * noise**2) + abs(w) / b  # noqa: E731
    inside = minimize_scalar(lambda w: objective(w, 0.9 * -edge), bounds=(-9, 9), method="bounded")
    beyond = minimize_scalar(lambda w: objective(w, 1.1 * -edge), bounds=(-9, 9), method="bounded")
    assert abs(inside.x) < 1e-4 < abs(beyond.x)


def test_lp_balls_touch_points():
    text = story_text("lp-balls")
    values = stories.get("lp-balls").resolve()
    a, b_, c = values["hessian"]
    h, center = np.array([[a, b_], [b_, c]]), np.array(values["center"])

    def touch(p):
        """Where the loss ellipses first touch the p-ball, from the tangency condition on
        the boundary y = (1 − xᵖ)^(1/p) (a 1-D root), for x in the first quadrant."""

        def slope(x):
            y = (1 - x**p) ** (1 / p)
            gradient = h @ (np.array([x, y]) - center)
            return gradient[0] - gradient[1] * (x / y) ** (p - 1)

        x = brentq(slope, 1e-15, 0.5, xtol=1e-16)
        return x, (1 - x**p) ** (1 / p)

    written = re.search(rf"p = 1\.2 they touch at {POINT.pattern}", text)
    assert (value(written.group(1)), value(written.group(2))) == pytest.approx(touch(1.2), rel=6e-4)
    assert close(after(text, "the smaller weight is"), touch(1.2)[0])
    assert close(after(text, "p = 2 at ("), touch(2.0)[0])
    assert "p = 0.5 at (0, 1) and p = 1 at (0, 1), on an axis" in text
    assert "with α = 0.5 rounds" in text and "on an axis: a weight is *exactly 0*" in text


def test_path():
    text = story_text("path")
    x, y = datasets.load_diabetes(return_X_y=True, scaled=True)
    names = datasets.load_diabetes().feature_names
    y = y - y.mean()
    correlations = np.abs(x.T @ y) / len(y)
    assert f"{len(y)} patients and {x.shape[1]} baseline variables" in text
    assert close(after(text, "Above λ ="), correlations.max())  # λ_max: the last to go
    assert f"and {names[int(np.argmax(correlations))]} at λ =" in text
    ridge_range = re.search(rf"from λ = ({NUMBER.pattern}) to ({NUMBER.pattern}), shrinks", text)
    for lam in map(value, ridge_range.groups()):
        ridge = Ridge(alpha=len(y) * lam, fit_intercept=False, solver="svd").fit(x, y)
        assert np.count_nonzero(ridge.coef_) == x.shape[1]
    assert f"at every λ all {x.shape[1]} stay non-zero" in text


def test_selection_and_the_closing_advice():
    lesson = build_lesson()
    text = story_text("selection")
    x, y, truth = maths.selection_data(500, 1000, 50, 1.0, 0)
    fit = Lasso(alpha=0.25, fit_intercept=False, tol=1e-12, max_iter=10**6).fit(x, y)
    kept, relevant = fit.coef_ != 0, truth != 0
    assert f"The lasso keeps {kept.sum()} non-zero weights" in text
    assert f"and {np.sum(kept & ~relevant)} that do not" in text
    assert np.sum(kept & relevant) == relevant.sum()  # so the text says "every one"
    assert f"every one of the {relevant.sum()} features that matter" in text
    assert f"The other {len(truth) - kept.sum()} weights are *exactly 0*" in text
    assert "Ridge keeps all 1,000" in text
    advice = " ".join(
        item for b in lesson.when_to_use if isinstance(b, Bullets) for item in b.items
    )
    assert f"the lasso kept {kept.sum()} of 1,000 candidates" in advice
    assert "ridge kept all 1,000 weights" in advice
