"""The quiz's answers against independent computations (plain loops, closed forms, SciPy),
for the defaults and for other parameters, and the rules every question keeps: one right
answer, named distractors that never coincide with it, a real section of a real scene."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from scipy.optimize import minimize, minimize_scalar

from whyl1.quiz import CHOICE, NUMERIC, QUIZ_STORIES, StoryVideo, build_quiz, section_link
from whyl1.theme import number_text

REPO = Path(__file__).resolve().parent.parent


def question(quiz, question_id):
    return next(q for q in quiz.questions if q.id == question_id)


def quiz_with(story, **values):
    return build_quiz({story: {k: str(v) for k, v in values.items()}})


def numeric_answer(quiz, question_id):
    q = question(quiz, question_id)
    assert q.kind == NUMERIC
    return q.answer.value


# --- the shape of the quiz -------------------------------------------------------------------


def test_the_quiz_has_enough_questions_over_enough_stories_in_teaching_order():
    quiz = build_quiz()
    assert len(quiz.questions) >= 8
    assert len({q.story for q in quiz.questions}) >= 5
    order = [QUIZ_STORIES.index(q.story) for q in quiz.questions]
    assert order == sorted(order)
    kinds = {q.kind for q in quiz.questions}
    assert kinds == {CHOICE, NUMERIC}
    assert sum(q.computed for q in quiz.questions) * 2 >= len(quiz.questions)
    assert len({q.id for q in quiz.questions}) == len(quiz.questions)


def test_every_question_has_one_answer_and_named_distractors_with_feedback():
    for q in build_quiz().questions:
        assert sum(o.correct for o in q.options) == 1, q.id
        assert len(q.distractors) >= 2, q.id
        assert all(o.misconception for o in q.distractors), q.id
        assert all(o.feedback.strip() for o in q.options), q.id
        assert q.prompt and q.explanation and q.title
        if q.kind == NUMERIC:
            assert q.other_feedback
            assert all(o.value is not None and o.tolerance >= 0 for o in q.options)


def scene_sections(story):
    source = (REPO / "scenes" / f"{story}.py").read_text()
    return re.findall(r'next_section\("([^"]+)"\)', source)


def test_every_moment_names_a_section_of_its_story_scene():
    for q in build_quiz().questions:
        assert q.moment.story == q.story
        assert q.moment.section in scene_sections(q.story), q.id


def test_section_link_is_a_media_fragment_at_the_section_start():
    starts = {"rules": 0.0, "steps": 7.5, "landing": 21.25, "zoom": 60.0}
    assert section_link("videos/steps.mp4", starts, "landing") == "videos/steps.mp4#t=21.25"
    assert section_link("videos/steps.mp4", starts, "zoom") == "videos/steps.mp4#t=60"
    assert section_link("videos/steps.mp4#t=3", starts, "rules") == "videos/steps.mp4#t=0"
    assert StoryVideo("a b.webm", starts).link("steps") == "a b.webm#t=7.5"
    with pytest.raises(KeyError, match="no section 'reason'"):
        section_link("videos/steps.mp4", starts, "reason")
    with pytest.raises(ValueError):
        section_link("v.mp4", {"x": -1.0}, "x")


# --- steps -----------------------------------------------------------------------------------


def l1_steps_to_zero(w0, s):
    """Plain loop: apply w ← w − s·sign(w) until w is exactly 0; the number of steps."""
    w, k = w0, 0
    while w != 0:
        w -= s if w > 0 else -s
        k += 1
        assert k < 100_000
    return k


@pytest.mark.parametrize(
    "values",
    [{}, {"w0": 3, "eta": 0.25}, {"w0": -2, "eta": 0.1, "lam": 5, "n": 30},
     {"w0": 7.5, "eta": 0.125, "lam": 2, "n": 40}],
)  # fmt: skip
def test_steps_landing_is_the_loop_count_and_l2_is_the_repeated_product(values):
    quiz = quiz_with("steps", **values)
    w0, eta, lam = values.get("w0", 5.0), values.get("eta", 0.5), values.get("lam", 1.0)
    steps = l1_steps_to_zero(w0, eta * lam)
    assert steps == round(abs(w0) / (eta * lam))  # the closed form agrees with the loop
    assert numeric_answer(quiz, "steps-l1-landing") == steps
    w = w0
    for _ in range(steps):
        w *= 1 - eta * lam
    l2 = question(quiz, "steps-l2-at-landing").answer
    assert math.isclose(l2.value, w, rel_tol=1e-12) and l2.value != 0
    assert f"after {steps} steps" in question(quiz, "steps-l2-at-landing").prompt


def test_the_steps_defaults_ask_for_ten_steps_and_five_halved_ten_times():
    quiz = build_quiz()
    assert numeric_answer(quiz, "steps-l1-landing") == 10
    assert question(quiz, "steps-l2-at-landing").answer.value == 5 * 0.5**10
    assert "From w = 5 with η = 0.5 and λ = 1" in question(quiz, "steps-l1-landing").prompt


# --- oscillation ------------------------------------------------------------------------------


def plain_bounce(w0, s):
    """Plain loop: step until the sign flips; the iterate before and after the flip."""
    w = w0
    while True:
        nxt = w - (s if w > 0 else -s)
        if nxt * w < 0:
            return w, nxt
        w = nxt


def prox_steps_to_zero(w0, s):
    w, k = w0, 0
    while w != 0:
        w = math.copysign(max(abs(w) - s, 0.0), w)
        k += 1
    return k


@pytest.mark.parametrize(
    "values",
    [{}, {"w0": -3.3, "eta": 0.2}, {"w0": 2.05, "eta": 0.3, "lam": 1.5, "n": 12},
     {"w0": 5.25, "eta": 0.5}],
)  # fmt: skip
def test_the_bounce_is_the_plain_loops_first_step_over_zero(values):
    quiz = quiz_with("oscillation", **values)
    w0, s = values.get("w0", 5.1), values.get("eta", 0.5) * values.get("lam", 1.0)
    near, over = plain_bounce(w0, s)
    assert math.isclose(numeric_answer(quiz, "oscillation-bounce"), over, rel_tol=1e-9)
    bounce = question(quiz, "oscillation-bounce")
    assert f"until w = {number_text(near, 4)}" in bounce.prompt
    cure = question(quiz, "oscillation-cure")
    assert f"at step {prox_steps_to_zero(w0, s)}" in cure.answer.feedback


def test_the_default_bounce_goes_from_0_1_to_minus_0_4():
    bounce = question(build_quiz(), "oscillation-bounce")
    assert abs(bounce.answer.value - (-0.4)) < 1e-12
    assert bounce.answer.matches(-0.4) and not bounce.answer.matches(0.0)


def test_a_mirror_bounce_that_equals_the_answer_is_dropped():
    # From 5.25 with ηλ = ½ the walk stops at 0.25 and jumps to −0.25: the mirror image
    # of 0.25 is the right answer there, so it cannot be offered as a misconception.
    bounce = question(quiz_with("oscillation", w0=5.25), "oscillation-bounce")
    assert abs(bounce.answer.value + 0.25) < 1e-12
    assert "the bounce mirrors the weight" not in [o.misconception for o in bounce.distractors]


# --- epsilon ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eps", "delta"), [("0.1", "0.05"), ("0.3", "0.3"), ("1", "0.2"), ("0.002", "0.001")]
)
def test_the_squared_l2_reduction_is_the_exact_difference_of_squares(eps, delta):
    quiz = quiz_with("epsilon", eps=eps, delta=delta)
    e, d = Fraction(eps), Fraction(delta)
    exact = (1 + e**2) - (1 + (e - d) ** 2)  # ‖(1, ε)‖₂² − ‖(1, ε − δ)‖₂², in exact rationals
    assert math.isclose(numeric_answer(quiz, "epsilon-shrink"), float(exact), rel_tol=1e-12)
    for distractor in question(quiz, "epsilon-shrink").distractors:
        assert abs(distractor.value - float(exact)) > distractor.tolerance


def test_squaring_the_shrink_is_no_distractor_when_it_is_the_answer():
    # With ε = δ, 2εδ − δ² = δ²: "squaring the shrink" gives the right number.
    shrink = question(quiz_with("epsilon", eps=0.3, delta=0.3), "epsilon-shrink")
    assert "squaring the shrink" not in [o.misconception for o in shrink.distractors]
    assert len(shrink.distractors) >= 2


# --- kink -------------------------------------------------------------------------------------


def scipy_minimiser(objective, scale):
    found = minimize_scalar(objective, bounds=(-scale, scale), method="bounded",
                            options={"xatol": 1e-12})  # fmt: skip
    return found.x


@pytest.mark.parametrize(("c", "beta"), [(0.6, 1), (2.5, 1), (-0.3, 0.2), (0, 1), (-7, 3)])
def test_what_the_kinked_objective_chooses_is_scipys_minimiser(c, beta):
    quiz = quiz_with("kink", c=c, beta=beta)
    choose = question(quiz, "kink-choose")
    expected = scipy_minimiser(lambda w: 0.5 * (w - c) ** 2 + beta * abs(w), abs(c) + 10)
    assert abs(choose.answer.value - expected) < 1e-6
    smooth = scipy_minimiser(lambda w: 0.5 * (w - c) ** 2 + beta * w * w, abs(c) + 10)
    offered = [o.value for o in choose.distractors]
    if abs(smooth - expected) > 1e-6:  # the L2 answer is offered whenever it is wrong
        assert any(abs(v - smooth) < 1e-6 for v in offered)
    assert len({o.text for o in choose.options}) == len(choose.options)
    conditions = question(quiz, "kink-conditions")
    assert f"[{number_text(-beta, 4)}, {number_text(beta, 4)}]" in conditions.answer.text


# --- geometry ---------------------------------------------------------------------------------


def diamond_solution(center, hessian, t):
    """SciPy's constrained minimum of ½(β − β̂)ᵀH(β − β̂) over the diamond, written as four
    linear inequalities ±β₁ ± β₂ ≤ t."""
    a, b, c = hessian
    h = np.array([[a, b], [b, c]])
    center = np.asarray(center, float)
    signs = [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    constraints = [{"type": "ineq", "fun": lambda x, s=s: t - s[0] * x[0] - s[1] * x[1]}
                   for s in signs]  # fmt: skip
    found = minimize(lambda x: 0.5 * (x - center) @ h @ (x - center), np.zeros(2),
                     jac=lambda x: h @ (x - center), constraints=constraints, method="SLSQP",
                     options={"ftol": 1e-14, "maxiter": 500})  # fmt: skip
    return found.x


@pytest.mark.parametrize("values", [{}, {"t": "1.2"}, {"hessian": "1,0.2,1"}])
def test_the_corner_answer_is_the_beta_hat_whose_scipy_solution_has_a_zero(values):
    from whyl1 import stories

    params = stories.get("geometry").resolve(values)
    touch = question(build_quiz({"geometry": values}), "geometry-corner")
    corner = diamond_solution(params["center"], params["hessian"], params["t"])
    edge = diamond_solution(params["edge_center"], params["hessian"], params["t"])
    assert np.min(np.abs(corner)) < 1e-6 and np.min(np.abs(edge)) > 1e-4
    x, y = params["center"]
    assert touch.answer.text == f"β̂ = ({number_text(x, 4)}, {number_text(y, 4)})"


# --- thresholding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [{}, {"gamma": "0.5", "sigma": "2", "beta": "1,-3"}, {"gamma": "3", "beta": "0,0"},
     {"gamma": "0.1", "sigma": "0.1", "beta": "5,5"}],
)  # fmt: skip
def test_p_lasso_sparse_is_the_normal_cdf_formula(values):
    from whyl1 import stories

    params = stories.get("thresholding").resolve(values)
    gamma, sigma = params["gamma"], params["sigma"]
    p = [
        stats.norm.cdf((gamma - b) / sigma) - stats.norm.cdf((-gamma - b) / sigma)
        for b in params["beta"]
    ]
    exact = 1 - (1 - p[0]) * (1 - p[1])
    sparse = question(build_quiz({"thresholding": values}), "thresholding-p-sparse")
    assert math.isclose(sparse.answer.value, exact, rel_tol=1e-9, abs_tol=1e-15)
    for distractor in sparse.distractors:
        assert not sparse.answer.matches(distractor.value)


def test_the_default_p_sparse_is_0_5595_and_ridge_zero_is_a_distractor():
    sparse = question(build_quiz(), "thresholding-p-sparse")
    assert sparse.answer.text == "0.5595"
    assert sparse.answer.matches(0.559) and sparse.answer.matches(0.56)
    assert not sparse.answer.matches(0.55)
    assert 0.0 in [o.value for o in sparse.distractors]


# --- priors -----------------------------------------------------------------------------------


def laplace_map(mean, s, b):
    return scipy_minimiser(lambda w: (mean - w) ** 2 / (2 * s * s) + abs(w) / b, abs(mean) + 10)


@pytest.mark.parametrize("noise_sd", [1.0, 0.5, 2.0, 0.3])
def test_the_zero_interval_edge_is_where_scipys_laplace_map_leaves_zero(noise_sd):
    quiz = quiz_with("priors", noise_sd=noise_sd)
    edge = numeric_answer(quiz, "priors-zero-interval")
    b = 1 / math.sqrt(2)  # unit variance: 2b² = 1
    assert abs(laplace_map(0.99 * edge, noise_sd, b)) < 1e-6
    assert laplace_map(1.02 * edge, noise_sd, b) > 1e-4
    assert math.isclose(edge, noise_sd**2 / b, rel_tol=1e-12)


def test_the_tallest_prior_at_zero_is_the_narrow_gaussian_yet_the_answer_is_laplace():
    quiz = quiz_with("priors", narrow_sigma=0.3)
    b = 1 / math.sqrt(2)
    narrow, laplace = stats.norm.pdf(0, scale=0.3), stats.laplace.pdf(0, scale=b)
    assert narrow > laplace  # the distractor's premise is true
    which = question(quiz, "priors-which-zero")
    assert which.answer.text == "The Laplace prior's"
    tallest = next(o for o in which.distractors if o.misconception == "the density at 0 is higher")
    assert number_text(narrow, 4) in tallest.feedback
    # the narrow Gaussian's MAP inside the Laplace zero interval is not 0
    mean = 0.5 * numeric_answer(quiz, "priors-zero-interval")
    gaussian_map = scipy_minimiser(lambda w: (mean - w) ** 2 / 2 + w * w / (2 * 0.09), 10)
    assert abs(gaussian_map) > 1e-3


def test_the_readme_counts_the_questions_and_stories_it_has():
    readme = " ".join((REPO / "README.md").read_text().split())  # lines wrap anywhere
    quiz = build_quiz()
    words = {5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
    stories_asked = words[len({q.story for q in quiz.questions})]
    assert f"{len(quiz.questions)}-question quiz over {stories_asked} stories" in readme


def test_the_page_fragment_links_each_moment_or_refuses_a_missing_section():
    from whyl1.quiz.html_quiz import quiz_fragment

    quiz = build_quiz()
    steps = {s: 10.0 * i for i, s in enumerate(scene_sections("steps"))}
    fragment = quiz_fragment(quiz, {"steps": StoryVideo("videos/steps.mp4", steps)})
    assert f"videos/steps.mp4#t={steps['landing']:g}" in fragment
    links = re.findall(r'"href": "videos/steps\.mp4#t=[0-9.]+"', fragment)
    assert len(links) == sum(q.story == "steps" for q in quiz.questions)
    del steps["zoom"]
    with pytest.raises(KeyError, match="no section 'zoom'"):
        quiz_fragment(quiz, {"steps": StoryVideo("videos/steps.mp4", steps)})


def test_with_epsilon_and_delta_both_1_the_near_zero_question_is_left_out():
    quiz = quiz_with("epsilon", eps=1, delta=1)
    asked = [q.id for q in quiz.questions if q.story == "epsilon"]
    assert asked == ["epsilon-shrink"]
    shrink = question(quiz, "epsilon-shrink")
    assert shrink.answer.value == 1.0 and len(shrink.distractors) >= 2
