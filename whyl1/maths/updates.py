"""Descent on a penalty, with an optional quadratic data loss: the plain subgradient
step, the clamp at zero, the proximal (ISTA) step and L2's gradient step, iterated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.penalties import soft_threshold

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class QuadraticDataLoss:
    """``½·curvature·(w − center)²``, the simplest data loss; gradient ``curvature·(w − center)``.

    ``curvature = 0`` switches the data loss off, leaving the penalty alone
    (the setting of the ``steps`` story).
    """

    curvature: float = 0.0
    center: float = 0.0

    def gradient(self, w: FloatArray) -> FloatArray:
        return self.curvature * (w - self.center)


NO_DATA_LOSS = QuadraticDataLoss()


def _iterate(update: Callable[[FloatArray], FloatArray], w0: ArrayLike, n: int) -> FloatArray:
    """Apply ``update`` ``n`` times; row ``k`` of the result is the ``k``-th iterate."""
    w = np.asarray(w0, dtype=float)
    out = np.empty((n + 1, *w.shape))
    out[0] = w
    for k in range(n):
        w = update(w)
        out[k + 1] = w
    return out


def _l1_descent_direction(w: FloatArray, lam: float, loss: QuadraticDataLoss) -> FloatArray:
    """A subgradient of ``loss(w) + λ|w|``: ``loss'(w) + λ·sign(w)`` away from 0.

    At ``w = 0`` it is the minimum-norm element of ``loss'(0) + λ[−1, 1]``: exactly 0
    when ``|loss'(0)| ≤ λ``, so a weight at 0 stays there exactly when 0 is optimal,
    and ``loss'(0) − λ·sign(loss'(0))`` otherwise. A case split, not
    ``g + λ·clip(−g/λ, −1, 1)``: ``λ·(−g/λ)`` is ``−g`` only up to rounding, and that
    ulp-sized leftover would nudge the weight off 0, one full step away the next time.
    """
    data_gradient = loss.gradient(w)
    at_zero = np.where(
        np.abs(data_gradient) <= lam, 0.0, data_gradient - lam * np.sign(data_gradient)
    )
    return np.where(w == 0, at_zero, data_gradient + lam * np.sign(w))


def l1_subgradient_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Plain subgradient descent ``w ← w − η(L'(w) + λ·sign(w))``, ``n`` steps.

    From ``w = 5`` with ``η = ½``, ``λ = 1`` this lands on exactly 0 after 10
    steps; from 5.1 it reaches 0.1 and then bounces 0.1, −0.4 forever (Cross Validated).
    """
    return _iterate(lambda w: w - eta * _l1_descent_direction(w, lam, loss), w0, n)


def l1_clamped_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Subgradient steps, but a step that would cross zero stops at exactly 0 (siua.io)."""

    def update(w: FloatArray) -> FloatArray:
        stepped = w - eta * _l1_descent_direction(w, lam, loss)
        # Compare signs, not the product: stepped·w underflows to −0.0 for tiny weights.
        return np.where(np.sign(stepped) * np.sign(w) < 0, 0.0, stepped)

    return _iterate(update, w0, n)


def l1_proximal_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Proximal gradient (ISTA) steps ``w ← S_{ηλ}(w − η·L'(w))``."""
    return _iterate(lambda w: soft_threshold(w - eta * loss.gradient(w), eta * lam), w0, n)


def l2_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Gradient descent on ``L(w) + ½λw²``: ``w ← w − η(L'(w) + λw)``.

    With no data loss each step multiplies ``w`` by ``1 − ηλ``: halving for
    ``η = ½``, ``λ = 1``, so it never reaches 0 unless ``ηλ = 1`` exactly.
    """
    return _iterate(lambda w: w - eta * (loss.gradient(w) + lam * w), w0, n)


def first_exact_zero(iterates: ArrayLike) -> int | None:
    """Index of the first iterate that is exactly 0.0 (no tolerance), or None."""
    hits = np.flatnonzero(np.asarray(iterates) == 0.0)
    return int(hits[0]) if hits.size else None


# Iterates the late bounce is measured over. At small η the bounce's cycle can be longer
# than 10 steps, so a 10-iterate window misses a peak (width/η fell from 1.9 to 1.66
# from w0 = −3.3); 20 covers every cycle of the η sweep.
BOUNCE_WINDOW = 20


def bounce_amplitude(iterates: ArrayLike, tail: int = BOUNCE_WINDOW) -> float:
    """Peak-to-peak range of the last ``tail`` iterates: how wide the late bounce is."""
    last = np.asarray(iterates, dtype=float)[-tail:]
    return float(last.max() - last.min())
