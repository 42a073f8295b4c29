"""Descent on a penalty, with an optional quadratic data loss: the plain subgradient
step, the clamp at zero, the proximal (ISTA) step and L2's gradient step, iterated.

Every ``*_steps`` function returns all ``n + 1`` iterates, so a scene can draw each step
and a test can compare each one with a plain loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.penalties import soft_threshold

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class QuadraticDataLoss:
    """The simplest data loss, ``L(w) = ½·curvature·(w − center)²``.

    ``curvature = 0`` switches the data loss off, leaving the penalty alone
    (the setting of the ``steps`` story).

    Attributes
    ----------
    curvature : float
        ``L''``, ``≥ 0``.
    center : float
        The data's optimum, in the units of ``w``.
    """

    curvature: float = 0.0
    center: float = 0.0

    def gradient(self, w: FloatArray) -> FloatArray:
        """``L'(w) = curvature·(w − center)``, elementwise."""
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
    """Plain subgradient descent on ``L(w) + λ|w|``: ``w ← w − η(L'(w) + λ·sign(w))``.

    From ``w = 5`` with ``η = ½``, ``λ = 1`` this lands on exactly 0 after 10
    steps; from 5.1 it reaches 0.1 and then bounces 0.1, −0.4 forever. At ``w = 0`` the
    step takes the minimum-norm subgradient, so 0 is kept exactly when it is optimal
    (``|L'(0)| ≤ λ``).

    Parameters
    ----------
    w0 : array_like
        Starting weight(s), any shape; each is iterated on its own.
    eta : float
        Learning rate ``η > 0``.
    lam : float
        Penalty strength ``λ ≥ 0``.
    n : int
        Number of steps.
    loss : QuadraticDataLoss
        The data loss ``L``; by default none, so the penalty acts alone.

    Returns
    -------
    ndarray
        Shape ``(n + 1, *w0.shape)``: row ``k`` is the weight after ``k`` steps.

    References
    ----------
    Kent Munthe Caspersen's answer to "Why L1 norm for sparse models", Cross Validated,
    and its comments (``whyl1.sources``: ``cv-steps-answer``).

    Examples
    --------
    >>> l1_subgradient_steps(5.0, 0.5, 1.0, 12)[8:].tolist()
    [1.0, 0.5, 0.0, 0.0, 0.0]
    >>> l1_subgradient_steps(5.1, 0.5, 1.0, 13)[10:].round(12).tolist()
    [0.1, -0.4, 0.1, -0.4]
    """
    return _iterate(lambda w: w - eta * _l1_descent_direction(w, lam, loss), w0, n)


def l1_clamped_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Subgradient steps, but a step that would cross zero stops at exactly 0.

    The cure for the plain method's bounce around 0: same update as
    ``l1_subgradient_steps``, then ``w ← 0`` whenever the step changed the sign of ``w``.

    Parameters and the ``(n + 1, *w0.shape)`` result are those of ``l1_subgradient_steps``.

    References
    ----------
    siua.io, "L1 regularization (Lasso)" (``whyl1.sources``: ``siua-l1-lasso``).
    """

    def update(w: FloatArray) -> FloatArray:
        stepped = w - eta * _l1_descent_direction(w, lam, loss)
        # Compare signs, not the product: stepped·w underflows to −0.0 for tiny weights.
        return np.where(np.sign(stepped) * np.sign(w) < 0, 0.0, stepped)

    return _iterate(update, w0, n)


def l1_proximal_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Proximal gradient (ISTA) steps on ``L(w) + λ|w|``: ``w ← S_{ηλ}(w − η·L'(w))``.

    A gradient step on the data loss alone, then the soft-threshold: every value within
    ``ηλ`` of 0 lands on exactly 0, and 0 is never overshot.

    Parameters and the ``(n + 1, *w0.shape)`` result are those of ``l1_subgradient_steps``.

    References
    ----------
    The proximal-gradient (ISTA) answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-ista-answer``).
    """
    return _iterate(lambda w: soft_threshold(w - eta * loss.gradient(w), eta * lam), w0, n)


def l2_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Gradient descent on ``L(w) + ½λw²``: ``w ← w − η(L'(w) + λw)``.

    With no data loss each step multiplies ``w`` by ``1 − ηλ``: halving for
    ``η = ½``, ``λ = 1``, so it never reaches 0 unless ``ηλ = 1`` exactly.

    Parameters and the ``(n + 1, *w0.shape)`` result are those of ``l1_subgradient_steps``.

    References
    ----------
    Kent Munthe Caspersen's answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-steps-answer``).

    Examples
    --------
    >>> l2_steps(5.0, 0.5, 1.0, 3).tolist()
    [5.0, 2.5, 1.25, 0.625]
    """
    return _iterate(lambda w: w - eta * (loss.gradient(w) + lam * w), w0, n)


def first_exact_zero(iterates: ArrayLike) -> int | None:
    """The index of the first iterate that is exactly 0.0, with no tolerance.

    Parameters
    ----------
    iterates : array_like
        A 1-D sequence of weights, as the ``*_steps`` functions return for a scalar ``w0``.

    Returns
    -------
    int or None
        The step at which the weight is first exactly 0, or None if it never is.
    """
    hits = np.flatnonzero(np.asarray(iterates) == 0.0)
    return int(hits[0]) if hits.size else None


# Iterates the late bounce is measured over. At small η the bounce's cycle can be longer
# than 10 steps, so a 10-iterate window misses a peak (width/η fell from 1.9 to 1.66
# from w0 = −3.3); 20 covers every cycle of the η sweep.
BOUNCE_WINDOW = 20


def bounce_amplitude(iterates: ArrayLike, tail: int = BOUNCE_WINDOW) -> float:
    """How wide the late bounce is: the peak-to-peak range of the last ``tail`` iterates.

    Parameters
    ----------
    iterates : array_like
        A 1-D sequence of weights.
    tail : int
        How many of the last iterates to measure over.

    Returns
    -------
    float
        ``max − min`` of those iterates, in the units of ``w``.
    """
    last = np.asarray(iterates, dtype=float)[-tail:]
    return float(last.max() - last.min())
