"""Hypothesis over the catalogue's ranges: for any valid parameters every question keeps
one right answer and distractors that can never be mistaken for it."""

from __future__ import annotations

import itertools
import math
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from whyl1 import stories
from whyl1.quiz import CHOICE, build_quiz
from whyl1.quiz.questions import BUILDERS
from whyl1.stories import ParamError

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
BUILD = dict(BUILDERS)


def questions_for(name, overrides):
    story = stories.get(name)
    try:
        values = story.resolve({k: repr(v) if isinstance(v, float) else str(v)
                                for k, v in overrides.items()})  # fmt: skip
    except ParamError:
        assume(False)
    return BUILD[name](values, story.compute(values))


def check_distractors(questions):
    for q in questions:
        answer = q.answer
        assert sum(o.correct for o in q.options) == 1
        assert len(q.distractors) >= 2, (q.id, q.options)
        texts = [o.text for o in q.options]
        assert len(set(texts)) == len(texts), (q.id, texts)
        for d in q.distractors:
            assert d.misconception and d.feedback
            if d.value is not None and answer.value is not None:
                assert math.isfinite(d.value)
                assert abs(d.value - answer.value) > d.tolerance + answer.tolerance, (q.id, d)
                assert not answer.matches(d.value) and not d.matches(answer.value)
        if q.kind != CHOICE:  # typed numbers: the misconceptions' bands are disjoint too
            values = sorted((o.value, o.tolerance) for o in q.options)
            for (v1, t1), (v2, t2) in itertools.pairwise(values):
                assert v2 - v1 > t1 + t2, q.id
        for text in (q.prompt, q.explanation, *texts, *(o.feedback for o in q.options)):
            assert "nan" not in text and "inf" not in text.replace("infer", ""), (q.id, text)


dyadic = st.integers(1, 16).map(lambda k: k / 16)  # exact in binary, so walks land on 0


@PROPERTY
@given(eta=dyadic, lam=st.sampled_from([0.5, 1.0, 2.0, 4.0]), steps=st.integers(1, 300),
       sign=st.sampled_from([-1, 1]), extra=st.integers(0, 50))  # fmt: skip
def test_steps(eta, lam, steps, sign, extra):
    assume(eta * lam < 1)
    w0 = sign * steps * eta * lam
    assume(abs(w0) <= 1000)
    questions = questions_for(
        "steps", {"w0": w0, "eta": eta, "lam": lam, "n": min(steps + extra, 10_000)}
    )
    check_distractors(questions)
    l2 = questions[1].answer.value  # (1 − ηλ)^k·w₀ at full float precision, checked by logs
    k = int(re.search(r"after (\d+) steps", questions[1].prompt).group(1))
    expected = math.log(abs(w0)) + k * math.log(1 - eta * lam)
    assert math.isclose(math.log(abs(l2)), expected, rel_tol=1e-9, abs_tol=1e-9)


@PROPERTY
@given(w0=st.floats(-50, 50), eta=st.floats(0.01, 2), lam=st.floats(0.05, 5),
       a=st.floats(0.01, 10), c=st.floats(-1, 1))  # fmt: skip
def test_oscillation(w0, eta, lam, a, c):
    s = eta * lam
    assume(abs(w0) / s < 2000)
    n = math.ceil(abs(w0) / s) + 5
    center = c * lam / a  # |a·c| ≤ λ: the optimum stays at 0
    check_distractors(
        questions_for(
            "oscillation",
            {"w0": w0, "eta": eta, "lam": lam, "n": n, "data_curvature": a, "data_center": center},
        )
    )


@PROPERTY
@given(eps=st.one_of(st.floats(1e-6, 1), st.just(1.0)),
       fraction=st.one_of(st.floats(1e-3, 1), st.just(1.0)))  # fmt: skip
def test_epsilon(eps, fraction):
    check_distractors(questions_for("epsilon", {"eps": eps, "delta": eps * fraction}))


@PROPERTY
@given(c=st.one_of(st.floats(-100, 100), st.sampled_from([0.0, 1.0, -1.0, 2.0])),
       beta=st.one_of(st.floats(1e-3, 100), st.just(1.0)))  # fmt: skip
def test_kink(c, beta):
    check_distractors(questions_for("kink", {"c": c, "beta": beta}))


point = st.tuples(st.floats(-10, 10), st.floats(-10, 10)).map(lambda p: f"{p[0]!r},{p[1]!r}")


@PROPERTY
@given(center=point, edge=point, t=st.floats(0.1, 3), b=st.floats(-0.9, 0.9))
def test_geometry(center, edge, t, b):
    check_distractors(questions_for("geometry", {"center": center, "edge_center": edge,
                                                 "t": t, "hessian": f"1,{b!r},1.2"}))  # fmt: skip


@PROPERTY
@given(gamma=st.floats(0.01, 10), sigma=st.floats(0.01, 10), beta=point,
       seed=st.integers(0, 100))  # fmt: skip
def test_thresholding(gamma, sigma, beta, seed):
    check_distractors(questions_for("thresholding", {"gamma": gamma, "sigma": sigma,
                                                     "beta": beta, "samples": 500, "seed": seed,
                                                     "shown": 10}))  # fmt: skip


@PROPERTY
@given(narrow=st.floats(1e-3, 0.56), noise=st.one_of(st.floats(0.01, 10), st.just(1.0)))
def test_priors(narrow, noise):
    check_distractors(questions_for("priors", {"narrow_sigma": narrow, "noise_sd": noise,
                                               "points": 101}))  # fmt: skip


def test_the_default_quiz_passes_the_same_checks():
    check_distractors(build_quiz().questions)
