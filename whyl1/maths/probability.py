"""Chance and priors: how often the lasso's orthogonal-design estimate has an exact
zero (exact and Monte Carlo), and Gaussian against Laplace priors with their MAP estimates."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.penalties import soft_threshold

FloatArray = NDArray[np.float64]


def ridge_shrink(x: ArrayLike, gamma: float) -> FloatArray:
    """Ridge for ``XᵀX = I``: ``β̂/(1 + γ)``, a uniform shrink that never reaches 0."""
    return np.asarray(x, dtype=float) / (1.0 + gamma)


_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: ArrayLike) -> FloatArray:
    """Standard normal CDF ``Φ(x) = ½·erfc(−x/√2)``, accurate in both tails."""
    # frompyfunc returns a bare Python float for a scalar x, so convert, don't .astype.
    return 0.5 * np.asarray(_erfc(-np.asarray(x, dtype=float) / math.sqrt(2.0)), dtype=float)


def normal_interval_probability(lower: ArrayLike, upper: ArrayLike) -> FloatArray:
    """``Φ(upper) − Φ(lower)`` without cancellation when both are in the upper tail."""
    lower, upper = np.broadcast_arrays(np.asarray(lower, float), np.asarray(upper, float))
    upper_tail = lower > 0  # use Φ(b) − Φ(a) = Φ(−a) − Φ(−b), both small
    return np.where(
        upper_tail,
        normal_cdf(-lower) - normal_cdf(-upper),
        normal_cdf(upper) - normal_cdf(lower),
    )


def p_sparse_lasso(beta: ArrayLike, sigma: float, gamma: float) -> float:
    """Exact ``P(lasso solution has a zero)`` for ``β̂ ~ N(β, σ²I)``, orthogonal design.

    Coordinate ``j`` is zeroed iff ``|β̂ⱼ| ≤ γ``, so
    ``P = 1 − Πⱼ[1 − (Φ((γ − βⱼ)/σ) − Φ((−γ − βⱼ)/σ))]`` (the orthogonal-design answer).
    """
    beta = np.asarray(beta, dtype=float)
    p_zero = normal_interval_probability((-gamma - beta) / sigma, (gamma - beta) / sigma)
    with np.errstate(divide="ignore"):  # p_zero = 1 (a sure zero): log1p(−1) = −inf, P = 1
        return float(-np.expm1(np.sum(np.log1p(-p_zero))))


def sample_estimates(beta: ArrayLike, sigma: float, samples: int, seed: int) -> FloatArray:
    """``samples`` draws of ``β̂ ~ N(β, σ²I)`` from a seeded generator, shape ``(samples, p)``."""
    beta = np.asarray(beta, dtype=float)
    rng = np.random.default_rng(seed)
    return beta + sigma * rng.standard_normal((samples, beta.size))


def p_sparse_lasso_monte_carlo(
    beta: ArrayLike, sigma: float, gamma: float, samples: int, seed: int
) -> tuple[float, float]:
    """Monte Carlo estimate of ``P(lasso sparse)`` and its standard error."""
    draws = sample_estimates(beta, sigma, samples, seed)
    sparse = np.any(np.abs(draws) <= gamma, axis=1)
    p = float(np.mean(sparse))
    return p, math.sqrt(p * (1.0 - p) / samples)


def gaussian_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """``N(0, σ²)`` density."""
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))


def laplace_pdf(x: ArrayLike, b: float) -> FloatArray:
    """``Laplace(0, b)`` density ``exp(−|x|/b)/(2b)``; variance ``2b²``."""
    return np.exp(-np.abs(np.asarray(x, dtype=float)) / b) / (2.0 * b)


def gaussian_neg_log_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """``−log N(x; 0, σ²) = x²/(2σ²) + log(σ√(2π))``: the L2 penalty plus a constant."""
    x = np.asarray(x, dtype=float)
    return 0.5 * (x / sigma) ** 2 + math.log(sigma * math.sqrt(2.0 * math.pi))


def laplace_neg_log_pdf(x: ArrayLike, b: float) -> FloatArray:
    """``−log Laplace(x; 0, b) = |x|/b + log(2b)``: the L1 penalty plus a constant, kinked at 0."""
    return np.abs(np.asarray(x, dtype=float)) / b + math.log(2.0 * b)


def map_gaussian_prior(data_mean: ArrayLike, noise_sd: float, sigma: float) -> FloatArray:
    """MAP of ``w`` for ``x̄ ~ N(w, s²)`` and prior ``N(0, σ²)``: ``x̄·σ²/(σ² + s²)``."""
    return np.asarray(data_mean, dtype=float) * sigma**2 / (sigma**2 + noise_sd**2)


def map_laplace_prior(data_mean: ArrayLike, noise_sd: float, b: float) -> FloatArray:
    """MAP of ``w`` for ``x̄ ~ N(w, s²)`` and prior ``Laplace(0, b)``: ``S_{s²/b}(x̄)``."""
    return soft_threshold(data_mean, noise_sd**2 / b)


UNIT_VARIANCE_LAPLACE_SCALE = 1.0 / math.sqrt(2.0)  # variance 2b² = 1
