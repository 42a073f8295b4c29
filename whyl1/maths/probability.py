"""Chance and priors: how often the lasso's orthogonal-design estimate has an exact
zero (exact and Monte Carlo), and Gaussian against Laplace priors with their MAP estimates.

Orthogonal design (``XᵀX = I``): the least-squares estimate is ``β̂ ~ N(β, σ²I)``, the
lasso's solution is ``S_γ(β̂)`` coordinate by coordinate and ridge's ``β̂/(1 + γ)``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.penalties import soft_threshold

FloatArray = NDArray[np.float64]


def ridge_shrink(x: ArrayLike, gamma: float) -> FloatArray:
    """Ridge's solution for an orthogonal design, ``β̂/(1 + γ)``: a uniform shrink, never 0.

    Parameters
    ----------
    x : array_like
        Least-squares estimates ``β̂``, any shape.
    gamma : float
        Penalty strength ``γ ≥ 0`` (dimensionless here).

    Returns
    -------
    ndarray
        Same shape as ``x``; 0 only where ``x`` is 0.

    References
    ----------
    The orthogonal-design answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-orthogonal-answer``).
    """
    return np.asarray(x, dtype=float) / (1.0 + gamma)


_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: ArrayLike) -> FloatArray:
    """The standard normal CDF ``Φ(x) = ½·erfc(−x/√2)``, accurate in both tails.

    ``erfc`` keeps the lower tail's relative accuracy (``Φ(−10) ≈ 7.6e-24``, not 0),
    and ``1 − Φ(x)`` is best taken as ``Φ(−x)``. No scipy: the maths is pure numpy.

    Parameters
    ----------
    x : array_like
        Standardised values, any shape.

    Returns
    -------
    ndarray
        Probabilities in ``[0, 1]``, same shape as ``x``.

    Examples
    --------
    >>> float(normal_cdf(0.0))
    0.5
    """
    # frompyfunc returns a bare Python float for a scalar x, so convert, don't .astype.
    return 0.5 * np.asarray(_erfc(-np.asarray(x, dtype=float) / math.sqrt(2.0)), dtype=float)


def normal_interval_probability(lower: ArrayLike, upper: ArrayLike) -> FloatArray:
    """``P(lower ≤ Z ≤ upper)`` for a standard normal ``Z``: ``Φ(upper) − Φ(lower)``.

    When both ends are in the upper tail the difference is taken as
    ``Φ(−lower) − Φ(−upper)``, two small numbers, so it does not cancel to 0.

    Parameters
    ----------
    lower, upper : array_like
        Standardised interval ends, broadcast together.

    Returns
    -------
    ndarray
        Probabilities, the broadcast shape.
    """
    lower, upper = np.broadcast_arrays(np.asarray(lower, float), np.asarray(upper, float))
    upper_tail = lower > 0  # use Φ(b) − Φ(a) = Φ(−a) − Φ(−b), both small
    return np.where(
        upper_tail,
        normal_cdf(-lower) - normal_cdf(-upper),
        normal_cdf(upper) - normal_cdf(lower),
    )


def p_sparse_lasso(beta: ArrayLike, sigma: float, gamma: float) -> float:
    """The exact probability that the lasso solution has an exact zero, orthogonal design.

    With ``β̂ ~ N(β, σ²I)``, coordinate ``j`` is zeroed iff ``|β̂ⱼ| ≤ γ``, so
    ``P = 1 − Πⱼ[1 − (Φ((γ − βⱼ)/σ) − Φ((−γ − βⱼ)/σ))]``. The product is summed in
    logs (``log1p``/``expm1``) so a tiny ``P`` keeps its relative accuracy. Ridge's
    counterpart is 0: its zeros need ``β̂`` exactly on an axis, a set of probability 0.

    Parameters
    ----------
    beta : array_like
        True coefficients ``β``, shape ``(p,)``.
    sigma : float
        Noise standard deviation ``σ > 0`` of ``β̂``, in the units of ``β``.
    gamma : float
        The threshold ``γ ≥ 0``, in the units of ``β``.

    Returns
    -------
    float
        A probability in ``[0, 1]``.

    References
    ----------
    The orthogonal-design answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-orthogonal-answer``).

    Examples
    --------
    >>> round(p_sparse_lasso([0.0, 0.0], 1.0, 1.0), 6)  # 1 − (1 − 0.682689)²
    0.899314
    """
    beta = np.asarray(beta, dtype=float)
    p_zero = normal_interval_probability((-gamma - beta) / sigma, (gamma - beta) / sigma)
    with np.errstate(divide="ignore"):  # p_zero = 1 (a sure zero): log1p(−1) = −inf, P = 1
        return float(-np.expm1(np.sum(np.log1p(-p_zero))))


def sample_estimates(beta: ArrayLike, sigma: float, samples: int, seed: int) -> FloatArray:
    """Draws of ``β̂ ~ N(β, σ²I)`` from a seeded generator: same seed, same draws.

    Parameters
    ----------
    beta : array_like
        True coefficients ``β``, shape ``(p,)``.
    sigma : float
        Noise standard deviation ``σ``, in the units of ``β``.
    samples : int
        Number of draws.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray
        Shape ``(samples, p)``.
    """
    beta = np.asarray(beta, dtype=float)
    rng = np.random.default_rng(seed)
    return beta + sigma * rng.standard_normal((samples, beta.size))


def p_sparse_lasso_monte_carlo(
    beta: ArrayLike, sigma: float, gamma: float, samples: int, seed: int
) -> tuple[float, float]:
    """A Monte Carlo estimate of ``p_sparse_lasso`` and its standard error.

    The share of ``sample_estimates`` draws with some ``|β̂ⱼ| ≤ γ``; the standard error
    is the binomial ``√(P(1 − P)/samples)``.

    Parameters
    ----------
    beta, sigma, gamma
        As for ``p_sparse_lasso``.
    samples : int
        Number of draws.
    seed : int
        Seed of the generator.

    Returns
    -------
    tuple of float
        ``(estimate, standard_error)``.
    """
    draws = sample_estimates(beta, sigma, samples, seed)
    sparse = np.any(np.abs(draws) <= gamma, axis=1)
    p = float(np.mean(sparse))
    return p, math.sqrt(p * (1.0 - p) / samples)


def gaussian_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """The ``N(0, σ²)`` density ``exp(−x²/(2σ²))/(σ√(2π))``.

    Parameters
    ----------
    x : array_like
        Values, any shape; the result has the same shape.
    sigma : float
        Standard deviation ``σ > 0``, in the units of ``x``.

    Returns
    -------
    ndarray
        Density, per unit of ``x``.
    """
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))


def laplace_pdf(x: ArrayLike, b: float) -> FloatArray:
    """The ``Laplace(0, b)`` density ``exp(−|x|/b)/(2b)``; its variance is ``2b²``.

    ``x`` and the result as for ``gaussian_pdf``; the scale ``b > 0`` is in the units of
    ``x``.
    """
    return np.exp(-np.abs(np.asarray(x, dtype=float)) / b) / (2.0 * b)


def gaussian_neg_log_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """``−log N(x; 0, σ²) = x²/(2σ²) + log(σ√(2π))``: the L2 penalty plus a constant.

    Parameters as for ``gaussian_pdf``; the result has the shape of ``x``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).
    """
    x = np.asarray(x, dtype=float)
    return 0.5 * (x / sigma) ** 2 + math.log(sigma * math.sqrt(2.0 * math.pi))


def laplace_neg_log_pdf(x: ArrayLike, b: float) -> FloatArray:
    """``−log Laplace(x; 0, b) = |x|/b + log(2b)``: the L1 penalty plus a constant.

    Kinked at 0, which (not the height of the density there) is what gives MAP zeros.
    Parameters as for ``laplace_pdf``; the result has the shape of ``x``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).
    """
    return np.abs(np.asarray(x, dtype=float)) / b + math.log(2.0 * b)


def map_gaussian_prior(data_mean: ArrayLike, noise_sd: float, sigma: float) -> FloatArray:
    """The MAP estimate of ``w`` from ``x̄ ~ N(w, s²)`` and the prior ``N(0, σ²)``.

    ``x̄·σ²/(σ² + s²)``: a shrink toward 0, however narrow the prior, never onto it.

    Parameters
    ----------
    data_mean : array_like
        Observed means ``x̄``, any shape.
    noise_sd : float
        The noise standard deviation ``s`` of ``x̄``, in the units of ``w``.
    sigma : float
        The prior's standard deviation ``σ``, same units.

    Returns
    -------
    ndarray
        Same shape as ``data_mean``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).
    """
    return np.asarray(data_mean, dtype=float) * sigma**2 / (sigma**2 + noise_sd**2)


def map_laplace_prior(data_mean: ArrayLike, noise_sd: float, b: float) -> FloatArray:
    """The MAP estimate of ``w`` from ``x̄ ~ N(w, s²)`` and the prior ``Laplace(0, b)``.

    ``S_{s²/b}(x̄)``: exactly 0 for every ``|x̄| ≤ s²/b``. ``data_mean``, ``noise_sd`` and
    the result as for ``map_gaussian_prior``; ``b`` is the prior's scale, in the units of
    ``w``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).

    Examples
    --------
    >>> map_laplace_prior([-2.0, 0.3, 1.5], 1.0, 1.0).tolist()
    [-1.0, 0.0, 0.5]
    """
    return soft_threshold(data_mean, noise_sd**2 / b)


UNIT_VARIANCE_LAPLACE_SCALE = 1.0 / math.sqrt(2.0)  # variance 2b² = 1
