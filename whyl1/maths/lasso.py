"""The lasso and ridge on data: the diabetes table, ISTA made exact by solving the
optimality conditions on its support, both regularisation paths, and a seeded selection
experiment.

The lasso minimises ``(1/2n)‖y − Xβ‖² + λ‖β‖₁`` and ridge ``(1/2n)‖y − Xβ‖² + (λ/2)‖β‖²``,
scikit-learn's conventions (its ``alpha`` is ``λ``). No intercept is fitted: centre ``X``
and ``y`` first when the model has one. A design ``X`` has shape ``(n, p)``, a response
``(n,)``, coefficients ``(p,)`` or ``(p, k)`` for ``k`` penalties.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.penalties import soft_threshold

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class LinearData:
    """A centred design and response, ready for the lasso without an intercept.

    Attributes
    ----------
    x : ndarray
        The design, shape ``(n, p)``, each column centred and of unit Euclidean norm.
    y : ndarray
        The response, shape ``(n,)``, centred, in its original units.
    feature_names : tuple of str
        One name per column.
    """

    x: FloatArray
    y: FloatArray
    feature_names: tuple[str, ...]


DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


def standardize(x: ArrayLike, y: ArrayLike, names: tuple[str, ...]) -> LinearData:
    """Centre every column and ``y``, and scale the columns to unit Euclidean norm.

    The LARS paper's convention, and scikit-learn's ``load_diabetes(scaled=True)``.

    Parameters
    ----------
    x : array_like
        The raw design, shape ``(n, p)``, no constant column.
    y : array_like
        The raw response, shape ``(n,)``.
    names : tuple of str
        The ``p`` feature names.

    Returns
    -------
    LinearData
    """
    x = np.asarray(x, dtype=float)
    x = x - x.mean(axis=0)
    x = x / np.sqrt(np.sum(x * x, axis=0))
    y = np.asarray(y, dtype=float)
    return LinearData(x, y - y.mean(), names)


def load_diabetes() -> LinearData:
    """The diabetes data: 442 patients, 10 baseline variables, disease progression a year on.

    Read from the package's ``assets/diabetes.csv`` (scikit-learn's raw table), never
    downloaded, then ``standardize``-d.

    Returns
    -------
    LinearData
        ``x`` of shape ``(442, 10)``, features named as in scikit-learn.

    References
    ----------
    Efron, Hastie, Johnstone and Tibshirani, "Least Angle Regression", The Annals of
    Statistics 32(2) (2004) (``whyl1.sources``: ``lars``); scikit-learn's diabetes dataset
    (``sklearn-diabetes``).
    """
    with resources.files("whyl1.assets").joinpath("diabetes.csv").open() as handle:
        table = np.loadtxt(handle, delimiter=",", comments="#", skiprows=6)
    return standardize(table[:, :-1], table[:, -1], DIABETES_FEATURES)


def lipschitz_constant(x: FloatArray) -> float:
    """The Lipschitz constant ``L = σ_max(X)²/n`` of the least-squares gradient.

    The gradient of ``(1/2n)‖y − Xβ‖²`` is ``L``-Lipschitz, so with the fixed step ``1/L``
    every ISTA step lowers the lasso objective.

    Parameters
    ----------
    x : ndarray
        The design, shape ``(n, p)``.

    Returns
    -------
    float
        ``L``, the largest eigenvalue of ``XᵀX/n``.
    """
    return float(np.linalg.norm(x, 2) ** 2 / x.shape[0])


def lasso_kkt_violation(
    x: FloatArray, y: FloatArray, coef: FloatArray, lam: ArrayLike
) -> FloatArray:
    """The largest violation of the lasso's optimality (KKT) conditions, per column of ``coef``.

    With ``g = Xᵀ(Xβ − y)/n``: ``g_j = −λ·sign(β_j)`` where ``β_j ≠ 0``, and
    ``|g_j| ≤ λ`` where ``β_j = 0``. Zero exactly at the lasso solution.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    coef : ndarray
        Coefficients, shape ``(p,)`` or ``(p, k)``.
    lam : array_like
        ``λ``, a scalar or one per column of ``coef``.

    Returns
    -------
    ndarray
        In the units of ``λ``, shape ``coef.shape[1:]``.
    """
    coef2 = coef.reshape(coef.shape[0], -1)
    lam = np.broadcast_to(np.asarray(lam, dtype=float), coef2.shape[1])
    grad = x.T @ (x @ coef2 - y[:, None]) / x.shape[0]
    active = coef2 != 0
    violation = np.where(
        active, np.abs(grad + lam * np.sign(coef2)), np.maximum(np.abs(grad) - lam, 0.0)
    )
    return violation.max(axis=0).reshape(coef.shape[1:])


def _polish_on_support(
    x: FloatArray, y: FloatArray, coef: FloatArray, lam: float
) -> FloatArray | None:
    """Solve the lasso's KKT equations exactly on the support and signs ISTA found.

    On support ``A`` with signs ``s``: ``X_Aᵀ X_A β_A = X_Aᵀy − nλs``. The result
    is returned only if it keeps those signs and satisfies KKT to rounding,
    i.e. it *is* the lasso solution, not an approximation of it.
    """
    support = np.flatnonzero(coef)
    polished = np.zeros_like(coef)
    if support.size:
        xa, signs = x[:, support], np.sign(coef[support])
        solution = np.linalg.solve(xa.T @ xa, xa.T @ y - x.shape[0] * lam * signs)
        if np.any(np.sign(solution) != signs):
            return None
        polished[support] = solution
    scale = max(lam, float(np.max(np.abs(x.T @ y))) / x.shape[0])
    if lasso_kkt_violation(x, y, polished, lam) > 1e-12 * scale:
        return None
    return polished


@dataclass(frozen=True)
class IstaResult:
    """What ISTA returns.

    Attributes
    ----------
    coef : ndarray
        Coefficients, shape ``(p, k)``, one column per ``λ``.
    iterations : int
        ISTA iterations used in all.
    exact : ndarray of bool
        Shape ``(k,)``: the column solves the lasso's KKT equations exactly on its support.
    """

    coef: FloatArray
    iterations: int
    exact: NDArray[np.bool_]


def ista(
    x: FloatArray,
    y: FloatArray,
    lams: ArrayLike,
    *,
    start: FloatArray | None = None,
    step: float | None = None,
    max_iter: int = 200_000,
    check_every: int = 50,
) -> IstaResult:
    """The lasso at several ``λ`` at once by ISTA: ``β ← S_{λ/L}(β − ∇/L)``.

    The fixed step ``1/L`` comes from the Lipschitz constant. Every so often
    (at most every ``check_every`` iterations) each column's support and signs are tested by
    solving the KKT equations exactly on them (``_polish_on_support``); a column
    stops once that succeeds, so the returned coefficients are exact to
    rounding and the zeros are the algorithm's own exact zeros.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    lams : array_like
        Penalties ``λ ≥ 0``, shape ``(k,)`` (a scalar is one penalty).
    start : ndarray, optional
        A warm start, shape ``(p, k)``; zeros by default.
    step : float, optional
        The step; ``1/lipschitz_constant(x)`` by default. Pass it when calling repeatedly
        on the same ``X``, to skip its SVD.
    max_iter : int
        Cap on iterations.
    check_every : int
        Most iterations between two exactness checks.

    Returns
    -------
    IstaResult
        ``coef`` of shape ``(p, k)``.

    References
    ----------
    The proximal-gradient (ISTA) answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-ista-answer``); the objective is scikit-learn's (``lasso_path``,
    ``whyl1.sources``: ``sklearn-lasso-path``).
    """
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    n, p = x.shape
    step = 1.0 / lipschitz_constant(x) if step is None else step
    gram = x.T @ x / n if n >= p else None
    xty = x.T @ y / n
    coef = np.zeros((p, lams.size)) if start is None else np.array(start, dtype=float)
    exact = np.zeros(lams.size, dtype=bool)
    iterations, burst = 0, 1
    while iterations < max_iter and not exact.all():
        todo = ~exact
        b = coef[:, todo]
        # Check after 1, 2, 4, … iterations (at most check_every): a warm start down a
        # path often has the right support at once, a cold start needs more steps.
        for _ in range(burst):
            grad = (gram @ b if gram is not None else x.T @ (x @ b) / n) - xty[:, None]
            b = soft_threshold(b - step * grad, step * lams[todo])
        coef[:, todo] = b
        iterations += burst
        burst = min(2 * burst, check_every)
        for k in np.flatnonzero(todo):
            polished = _polish_on_support(x, y, coef[:, k], lams[k])
            if polished is not None:
                coef[:, k], exact[k] = polished, True
    return IstaResult(coef, iterations, exact)


def lambda_max(x: FloatArray, y: FloatArray) -> float:
    """The smallest ``λ`` whose lasso solution is all zeros: ``max|Xᵀy|/n``.

    At ``β = 0`` the KKT condition is ``|Xᵀy/n|_j ≤ λ`` for every ``j``.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.

    Returns
    -------
    float
    """
    return float(np.max(np.abs(x.T @ y)) / x.shape[0])


def lasso_path(x: FloatArray, y: FloatArray, lams: ArrayLike) -> IstaResult:
    """The lasso coefficients along a grid of ``λ``, by ISTA with warm starts.

    The grid is solved from the largest ``λ`` down, each solution starting from the
    previous one, so most need only a few iterations.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    lams : array_like
        Penalties, shape ``(k,)``, in any order.

    Returns
    -------
    IstaResult
        ``coef`` of shape ``(p, k)``, columns in the order of ``lams``.

    References
    ----------
    As for ``ista``.
    """
    lams = np.asarray(lams, dtype=float)
    order = np.argsort(-lams)
    coef = np.zeros((x.shape[1], lams.size))
    exact = np.zeros(lams.size, dtype=bool)
    total, current = 0, np.zeros((x.shape[1], 1))
    step = 1.0 / lipschitz_constant(x)  # one SVD for the whole path
    for k in order:
        result = ista(x, y, lams[k : k + 1], start=current, step=step)
        current = result.coef
        coef[:, k], exact[k] = current[:, 0], result.exact[0]
        total += result.iterations
    return IstaResult(coef, total, exact)


def lasso_exit_lambdas(
    x: FloatArray, y: FloatArray, lams: ArrayLike, coef: FloatArray
) -> FloatArray:
    """For each feature, the ``λ`` above which its lasso coefficient is 0 for good.

    Between knots the lasso path is linear: on support ``A`` with signs ``s``,
    ``β_A(λ) = G⁻¹(c − λs)`` (``G = X_AᵀX_A/n``, ``c = X_Aᵀy/n``). Starting from
    the largest grid ``λ`` where feature ``j`` is non-zero, the path is followed
    up knot by knot (``_exit_by_homotopy``) to the last knot where ``β_j`` reaches 0:
    other features may enter or leave between two grid points, so the line at the
    grid point alone is not enough.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    lams : array_like
        The grid, shape ``(k,)``.
    coef : ndarray
        The exact lasso solutions on it, shape ``(p, k)`` (``lasso_path(...).coef``).

    Returns
    -------
    ndarray
        Shape ``(p,)``; NaN for a feature never non-zero on the grid.

    References
    ----------
    Efron et al., "Least Angle Regression" (2004), the lasso modification of LARS
    (``whyl1.sources``: ``lars``).
    """
    lams = np.asarray(lams, dtype=float)
    exits = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        nonzero = np.flatnonzero(coef[j] != 0)
        if not nonzero.size:
            continue
        k = nonzero[np.argmax(lams[nonzero])]
        exits[j] = _exit_by_homotopy(x, y, j, float(lams[k]), coef[:, k])
    return exits


def _exit_by_homotopy(x: FloatArray, y: FloatArray, j: int, lam: float, coef: FloatArray) -> float:
    """Follow the exact lasso path upward from ``(λ, coef)`` to the last knot where ``β_j``
    becomes 0 (it may leave and join again before ``λ_max``, where every coefficient is 0)."""
    exit_lambda = math.nan
    for knot in _knots_upward(x, y, lam, coef):
        if knot.feature == j and knot.lands:
            exit_lambda = knot.lam
    return exit_lambda


@dataclass(frozen=True)
class _Knot:
    """One knot met going up the path: ``feature`` reaches 0 there (``lands``) or leaves
    it; ``coef`` is the solution at ``lam``, with that feature's coefficient exactly 0."""

    lam: float
    feature: int
    lands: bool
    coef: FloatArray


def _knots_upward(x: FloatArray, y: FloatArray, lam: float, coef: FloatArray) -> Iterator[_Knot]:
    """Every knot of the exact lasso path above ``(λ, coef)``, in increasing ``λ``, up to
    ``λ_max`` where the last coefficient reaches 0.

    On support ``A`` with signs ``s`` the path is ``β_A(μ) = G⁻¹c − μG⁻¹s``. Going up, an
    active coefficient reaching 0 leaves the support and an inactive feature whose
    correlation ``g_i = x_iᵀ(y − Xβ)/n`` reaches ``±μ`` joins it with that sign (the
    LARS-lasso events, in reverse). A knot depends only on the support and signs below
    it, so every walk that crosses a stretch finds the same knot to the last bit.
    """
    n, p = x.shape
    gram_all, corr_all = x.T @ x / n, x.T @ y / n
    support = np.flatnonzero(coef)
    signs = np.sign(coef[support])
    while support.size:  # each pass crosses one knot; the path has finitely many
        gram = gram_all[np.ix_(support, support)]
        intercept = np.linalg.solve(gram, corr_all[support])
        slope = np.linalg.solve(gram, signs)
        with np.errstate(divide="ignore", invalid="ignore"):
            leave = intercept / slope  # β_A(μ) = intercept − μ·slope is 0 here
            rest = np.setdiff1d(np.arange(p), support)
            u = corr_all[rest] - gram_all[np.ix_(rest, support)] @ intercept
            v = gram_all[np.ix_(rest, support)] @ slope  # g_rest(μ) = u + μv
            join = np.stack([u / (1.0 - v), -u / (1.0 + v)])  # g = +μ, g = −μ
        ahead = lam * (1.0 + 1e-9)  # skip the knot just crossed (it recurs to rounding)
        leave = np.where(np.isfinite(leave) & (leave > ahead), leave, np.inf)
        join = np.where(np.isfinite(join) & (join > ahead), join, np.inf)
        at_knot = np.zeros(p)
        if leave.min() <= np.min(join, initial=math.inf):
            lam = float(leave.min())
            out = int(np.argmin(leave))
            at_knot[support] = intercept - lam * slope
            feature, lands = int(support[out]), True
            support, signs = np.delete(support, out), np.delete(signs, out)
        else:
            lam = float(join.min())
            side, position = np.unravel_index(np.argmin(join), join.shape)
            at_knot[support] = intercept - lam * slope
            feature, lands = int(rest[position]), False
            at = np.searchsorted(support, feature)
            support = np.insert(support, at, feature)
            signs = np.insert(signs, at, 1.0 if side == 0 else -1.0)
        at_knot[feature] = 0.0  # the event itself: exactly 0, not 0 to rounding
        yield _Knot(lam, feature, lands, at_knot)


@dataclass(frozen=True)
class LassoKnots:
    """The exact lasso path from one solution up to ``λ_max``, as its knots.

    Attributes
    ----------
    lambdas : ndarray
        Shape ``(m,)``, increasing: the starting ``λ``, then every knot above it; the last
        is ``λ_max``. The path is linear in ``λ`` between neighbours.
    coefs : ndarray
        Shape ``(p, m)``: the solution at each ``λ``, exact zeros where a coefficient is 0.
    features : ndarray of int
        Shape ``(m − 1,)``: the feature whose coefficient reaches or leaves 0 at each knot
        (``lambdas[1:]``).
    lands : ndarray of bool
        Shape ``(m − 1,)``: True where that coefficient reaches 0 as ``λ`` grows, False
        where it leaves 0 (the path need not be monotone).
    """

    lambdas: FloatArray
    coefs: FloatArray
    features: NDArray[np.int64]
    lands: NDArray[np.bool_]


def lasso_knots(x: FloatArray, y: FloatArray, lam: float, coef: FloatArray) -> LassoKnots:
    """Every knot of the lasso path between ``λ`` and ``λ_max``, with the solution at each.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    lam : float
        Where to start: a ``λ`` below ``λ_max``.
    coef : ndarray
        The exact lasso solution at ``lam``, shape ``(p,)`` (from ``lasso_path`` or
        ``ista``).

    Returns
    -------
    LassoKnots

    References
    ----------
    Efron et al., "Least Angle Regression" (2004), the lasso modification of LARS
    (``whyl1.sources``: ``lars``).
    """
    knots = list(_knots_upward(x, y, lam, coef))
    return LassoKnots(
        lambdas=np.array([lam, *(k.lam for k in knots)]),
        coefs=np.column_stack([coef, *(k.coef for k in knots)]),
        features=np.array([k.feature for k in knots], dtype=np.int64),
        lands=np.array([k.lands for k in knots], dtype=bool),
    )


def interpolate_lasso_path(
    knot_lambdas: FloatArray, knot_coefs: FloatArray, lams: ArrayLike
) -> FloatArray:
    """The lasso solution at any ``λ`` between the first and last knot, exactly.

    The path is linear in ``λ`` between knots, so ``(1 − t)·β_k + t·β_{k+1}`` is the
    solution itself, not an approximation: it returns a knot's coefficients unchanged at
    that knot, and an exact 0 wherever a coefficient is 0 at both ends of its stretch.

    Parameters
    ----------
    knot_lambdas : ndarray
        Shape ``(m,)``, increasing (``LassoKnots.lambdas``).
    knot_coefs : ndarray
        Shape ``(p, m)`` (``LassoKnots.coefs``).
    lams : array_like
        Shape ``(k,)``, inside ``[knot_lambdas[0], knot_lambdas[-1]]``.

    Returns
    -------
    ndarray
        Shape ``(p, k)``.
    """
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    low, high = knot_lambdas[0], knot_lambdas[-1]
    if np.any((lams < low) | (lams > high)):
        raise ValueError(f"every λ must lie in [{low}, {high}], the knots' range")
    k = np.clip(np.searchsorted(knot_lambdas, lams, side="right") - 1, 0, knot_lambdas.size - 2)
    t = (lams - knot_lambdas[k]) / (knot_lambdas[k + 1] - knot_lambdas[k])
    return (1.0 - t) * knot_coefs[:, k] + t * knot_coefs[:, k + 1]


def ridge_path(x: FloatArray, y: FloatArray, lams: ArrayLike) -> FloatArray:
    """Ridge coefficients ``(G + λI)⁻¹c`` at each ``λ``, ``G = XᵀX/n``, ``c = Xᵀy/n``.

    They minimise ``(1/2n)‖y − Xβ‖² + (λ/2)‖β‖²``; one eigendecomposition of ``G``
    serves every ``λ``.

    Parameters
    ----------
    x, y : ndarray
        The design ``(n, p)`` and the response ``(n,)``.
    lams : array_like
        Penalties ``λ ≥ 0`` (``λ > 0`` when ``G`` is singular), shape ``(k,)``.

    Returns
    -------
    ndarray
        Shape ``(p, k)``; no entry is exactly 0 unless the data make it so.
    """
    lams = np.asarray(lams, dtype=float)
    n = x.shape[0]
    eigenvalues, q = np.linalg.eigh(x.T @ x / n)
    rotated = q.T @ (x.T @ y / n)
    return q @ (rotated[:, None] / (eigenvalues[:, None] + lams[None, :]))


def selection_data(
    n_samples: int, n_features: int, n_relevant: int, noise: float, seed: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A seeded synthetic regression where only a few features matter.

    Gaussian design; ``n_relevant`` true weights of size 1 to 3 with random signs, the
    rest exactly 0; Gaussian noise. Same seed, same data.

    Parameters
    ----------
    n_samples, n_features, n_relevant : int
        ``n``, ``p`` and how many of the ``p`` true weights are non-zero.
    noise : float
        Standard deviation of the noise added to ``y``, in the units of ``y``.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    tuple of ndarray
        ``(X, y, true_coef)`` of shapes ``(n, p)``, ``(n,)``, ``(p,)``; not centred.

    References
    ----------
    siua.io, "L1 regularization (Lasso)": 1,000 candidate features, about 50 kept
    (``whyl1.sources``: ``siua-l1-lasso``).
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_features))
    coef = np.zeros(n_features)
    relevant = rng.choice(n_features, n_relevant, replace=False)
    coef[relevant] = rng.uniform(1.0, 3.0, n_relevant) * rng.choice([-1.0, 1.0], n_relevant)
    y = x @ coef + noise * rng.standard_normal(n_samples)
    return x, y, coef
