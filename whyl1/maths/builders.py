"""One builder per catalogue story: ``<story>_story(**checked parameters)`` returns the
story's typed result (``whyl1.results``), computed from the primitives beside this module.

The builders take every catalogue parameter without a default: the defaults, ranges and
help texts live in ``whyl1.stories`` only, and the parameters arrive checked. What is fixed
here is how a story is drawn or what its claim is measured over (sweep lengths, the η of
the bounce sweep, the p of the Lp balls), not a knob the catalogue offers. Each result's
fields are documented in ``whyl1.results``; each builder's References name its story's
main source, and ``whyl1.sources.story_sources(story)`` lists them all. The lp-balls
story's builder, with the touch points' search behind it, has a module of its own beside
this one, ``lp_builder``.
"""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
from numpy.typing import ArrayLike

from whyl1 import results
from whyl1.maths import geometry, penalties, probability, updates
from whyl1.maths.lasso import (
    interpolate_lasso_path,
    ista,
    lambda_max,
    lasso_exit_lambdas,
    lasso_knots,
    lasso_path,
    load_diabetes,
    ridge_path,
    selection_data,
)
from whyl1.results import FloatArray

# Where the penalties story's tangents stop as they slide toward 0, as fractions of
# w_max: how the story is drawn (from the far end down to a small weight), not a knob.
TANGENT_FRACTIONS = (1.0, 0.5, 0.25, 0.05)


def penalties_story(w_max: float, points: int) -> results.PenaltiesResult:
    """The ``penalties`` story: ``|w|`` and ``½w²`` and their (sub)gradients on a grid.

    ``small_weight_region`` is where ``|w| > w²`` (``0 < |w| < 1``): there L1
    charges a small weight relatively more than the squared penalty does;
    ``l1_above_l2`` where ``|w| > ½w²``. At the tangents' stops ``TANGENT_FRACTIONS``
    of ``w_max`` the slopes are ``sign(w)``, the same size at every stop, and ``w``,
    fading with the weight.

    Parameters
    ----------
    w_max : float
        Half-width of the ``w`` grid, in the units of ``w``.
    points : int
        Grid points.

    Returns
    -------
    PenaltiesResult

    References
    ----------
    AI Stack Exchange, "Why does L1 regularization yield sparse features?".
    """
    w = np.linspace(-w_max, w_max, points)
    abs_w, squared = penalties.l1_penalty(w), w * w
    stops = w_max * np.array(TANGENT_FRACTIONS)
    return results.PenaltiesResult(
        w=w,
        l1=abs_w,
        l2=penalties.l2_penalty(w),
        l1_gradient=penalties.l1_subgradient(w),
        l2_gradient=penalties.l2_gradient(w),
        l1_exceeds_square=(abs_w > squared),
        small_weight_region=np.array([-1.0, 1.0]),
        l1_above_l2=np.array(penalties.l1_above_l2_interval()),
        tangent_at=stops,
        l1_at=penalties.l1_penalty(stops),
        l2_at=penalties.l2_penalty(stops),
        l1_slope_at=penalties.l1_subgradient(stops),
        l2_slope_at=penalties.l2_gradient(stops),
    )


def steps_story(w0: float, eta: float, lam: float, n: int) -> results.StepsResult:
    """The ``steps`` story: descent on the penalty alone, L1 against L2, from ``w0``.

    L1 walks down by ``ηλ`` a step and lands on exactly 0; L2 multiplies by ``1 − ηλ``
    and never arrives (the catalogue checks both for the values given).

    Parameters
    ----------
    w0 : float
        Starting weight.
    eta : float
        Learning rate ``η``.
    lam : float
        Penalty strength ``λ``.
    n : int
        Steps.

    Returns
    -------
    StepsResult

    References
    ----------
    Kent Munthe Caspersen's answer, Cross Validated.
    """
    l1 = updates.l1_subgradient_steps(w0, eta, lam, n)
    l2 = updates.l2_steps(w0, eta, lam, n)
    return results.StepsResult(
        l1=l1,
        l2=l2,
        l1_step_size=eta * lam,
        l2_factor=1.0 - eta * lam,
        l1_zero_step=updates.first_exact_zero(l1),
        l2_zero_step=updates.first_exact_zero(l2),
        l2_last=float(l2[-1]),
    )


# The learning rates of the bounce-with-data sweep and its length: part of the story's
# claim (the late bounce shrinks in proportion to η, measured at these four η), not a knob
# the catalogue offers. 400 steps reach the late bounce at the smallest η.
ETA_SWEEP = (0.4, 0.2, 0.1, 0.05)
SWEEP_STEPS = 400


def oscillation_story(
    w0: float,
    eta: float,
    lam: float,
    n: int,
    data_curvature: float,
    data_center: float,
    *,
    eta_sweep: tuple[float, ...] = ETA_SWEEP,
    sweep_steps: int = SWEEP_STEPS,
) -> results.OscillationResult:
    """The ``oscillation`` story: the 0.1 ↔ −0.4 bounce and its three cures.

    The cures are the clamp, the proximal step, and (with the data loss
    ``½a(w − c)²``, ``|ac| ≤ λ`` so the optimum is 0) a smaller ``η``: the
    late bounce of the plain subgradient method shrinks in proportion to ``η``.

    Parameters
    ----------
    w0, eta, lam, n
        The start, learning rate, penalty strength and steps of the penalty-only runs.
    data_curvature, data_center : float
        ``a`` and ``c`` of the data loss in the ``η`` sweep.
    eta_sweep : tuple of float
        The learning rates of the sweep.
    sweep_steps : int
        Steps of each sweep run.

    Returns
    -------
    OscillationResult

    References
    ----------
    comments on Kent Munthe Caspersen's answer, Cross Validated.
    """
    loss = updates.QuadraticDataLoss(data_curvature, data_center)
    sweep = np.asarray(eta_sweep, dtype=float)
    with_data = [updates.l1_subgradient_steps(w0, e, lam, sweep_steps, loss) for e in sweep]
    amplitudes = np.array([updates.bounce_amplitude(it) for it in with_data])
    clamp, prox = (
        updates.l1_clamped_steps(w0, eta, lam, n),
        updates.l1_proximal_steps(w0, eta, lam, n),
    )
    return results.OscillationResult(
        subgradient=updates.l1_subgradient_steps(w0, eta, lam, n),
        clamp=clamp,
        prox=prox,
        clamp_zero_step=updates.first_exact_zero(clamp),
        prox_zero_step=updates.first_exact_zero(prox),
        step_size=eta * lam,
        with_data=results.BounceSweep(
            etas=sweep,
            iterates=np.vstack(with_data),
            amplitudes=amplitudes,
            amplitude_per_eta=amplitudes / sweep,
            window=updates.BOUNCE_WINDOW,
            optimum=float(penalties.soft_threshold(data_center, lam / data_curvature)),
        ),
    )


# The ε sweep of the epsilon story: from max(δ, EPS_SWEEP_MIN) to 1, geometrically, in
# EPS_SWEEP_POINTS steps; how the story is drawn, not a claim, so not in the catalogue.
EPS_SWEEP_MIN = 1e-3
EPS_SWEEP_POINTS = 61


def epsilon_story(
    eps: float,
    delta: float,
    *,
    eps_min: float = EPS_SWEEP_MIN,
    points: int = EPS_SWEEP_POINTS,
) -> results.EpsilonResult:
    """The ``epsilon`` story: the vector ``(1, ε)`` shrunk by ``δ`` in either coordinate.

    Shrinking the large coordinate or the small one lowers ``‖·‖₁`` by ``δ``
    either way, but ``‖·‖₂²`` by ``2δ − δ²`` against only ``2εδ − δ²``.
    The sweep keeps ``δ`` fixed and lets ``ε`` run from ``max(δ, eps_min)`` to 1.

    Parameters
    ----------
    eps : float
        The small coordinate ``ε``.
    delta : float
        The shrink ``δ ≤ ε``.
    eps_min, points
        The sweep's smallest ``ε`` and its points (geometric).

    Returns
    -------
    EpsilonResult

    References
    ----------
    bnaul's answer, Cross Validated.
    """

    def reductions(e: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """L1 large, L1 small, squared L2 large, squared L2 small: the fields' order."""
        x = np.stack([np.ones_like(e), e], axis=-1)
        shrink_large = np.stack([np.full_like(e, delta), np.zeros_like(e)], axis=-1)
        shrink_small = shrink_large[..., ::-1]
        return (
            penalties.l1_reduction(x, shrink_large),
            penalties.l1_reduction(x, shrink_small),
            penalties.squared_l2_reduction(x, shrink_large),
            penalties.squared_l2_reduction(x, shrink_small),
        )

    at = (float(value) for value in reductions(np.array(eps)))
    sweep_eps = np.geomspace(max(delta, eps_min), 1.0, points)
    return results.EpsilonResult(
        eps, delta, *at, sweep=results.EpsilonSweep(sweep_eps, *reductions(sweep_eps))
    )


# Centres in the kink story's minimiser sweep: enough for smooth curves, odd so c = 0 is on it.
KINK_SWEEP_POINTS = 241


def kink_story(
    c: float, beta: float, *, c_max: float | None = None, points: int = KINK_SWEEP_POINTS
) -> results.KinkResult:
    """The ``kink`` story for the loss ``L(w) = ½(w − c)²``, whose slope at 0 is ``−c``.

    The sweep runs ``c`` over ``[−c_max, c_max]``; by default ``c_max = max(3β, |c|)``
    (3 for the catalogue's β = 1), so the slope ``−c`` always passes through ``[−β, β]`` and
    well beyond it on both sides, and the sweep contains the story's own ``c``.

    Parameters
    ----------
    c : float
        The loss's centre.
    beta : float
        Penalty strength ``β`` of ``β|w|`` and ``βw²``.
    c_max, points
        The sweep's half-width and its points.

    Returns
    -------
    KinkResult

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities".
    """
    if c_max is None:
        c_max = max(3.0 * beta, abs(c))
    sweep_c = np.linspace(-c_max, c_max, points)
    return results.KinkResult(
        c=c,
        beta=beta,
        slope_at_zero=-c,
        l1_minimizer=float(penalties.l1_regularized_minimizer(c, beta)),
        l2_minimizer=float(penalties.l2_regularized_minimizer(c, beta)),
        zero_interval=penalties.zero_slope_interval(beta),
        sweep=results.KinkSweep(
            c=sweep_c,
            slope_at_zero=-sweep_c,
            l1_minimizer=penalties.l1_regularized_minimizer(sweep_c, beta),
            l2_minimizer=penalties.l2_regularized_minimizer(sweep_c, beta),
        ),
        objectives=kink_objectives(c, beta),
    )


def kink_objectives(c: float, beta: float, points: int = 401) -> results.KinkObjectives:
    """The kink story's objectives ``½(w − c')² + β|w|`` and ``½(w − c')² + βw²`` on a grid.

    One row per centre ``c'``: 0 (slope 0), the story's ``c``, ``β`` (slope ``−β``, the
    interval's edge) and ``2β`` (outside it), so the L1 minimiser sits at 0 for all but the
    last while the L2 minimiser ``c'/(1 + 2β)`` moves with every one. The grid spans
    ``±1.25·max(|c'|)`` and, ``points`` being odd, holds ``w = 0`` exactly (the kink);
    minimisers and minimum values come along.
    """
    centers = np.unique(np.array([0.0, c, beta, 2.0 * beta]))
    half_width = 1.25 * float(np.max(np.abs(centers)))
    w = np.linspace(-half_width, half_width, points)
    w[points // 2] = 0.0  # the middle of an odd grid: exactly 0, not a rounding of it

    def l1_objective(w: FloatArray, c: FloatArray) -> FloatArray:
        return 0.5 * (w - c) ** 2 + beta * np.abs(w)

    def l2_objective(w: FloatArray, c: FloatArray) -> FloatArray:
        return 0.5 * (w - c) ** 2 + beta * w * w

    l1_min = penalties.l1_regularized_minimizer(centers, beta)
    l2_min = penalties.l2_regularized_minimizer(centers, beta)
    grid, rows = w[None, :], centers[:, None]
    return results.KinkObjectives(
        w=w,
        c=centers,
        slope_at_zero=-centers,
        l1=l1_objective(grid, rows),
        l2=l2_objective(grid, rows),
        l1_minimizer=l1_min,
        l2_minimizer=l2_min,
        l1_minimum=l1_objective(l1_min, centers),
        l2_minimum=l2_objective(l2_min, centers),
    )


def geometry_case(center: ArrayLike, hessian: ArrayLike, t: float) -> results.GeometryCase:
    """One ESL-3.11 panel pair for ``β̂ = center``: both constrained solutions, their levels."""
    lasso = geometry.l1_constrained_solution(center, hessian, t)
    ridge = geometry.l2_constrained_solution(center, hessian, t)
    return results.GeometryCase(
        center=np.asarray(center, dtype=float),
        lasso=lasso.point,
        ridge=ridge.point,
        lasso_level=float(lasso.level),
        ridge_level=float(ridge.level),
        lasso_on_corner=bool(lasso.on_corner),
        lasso_zero_coordinates=tuple(i for i in range(2) if lasso.point[i] == 0.0),
        ridge_on_axis=bool(ridge.on_corner),
    )


def geometry_story(
    center: tuple[float, float],
    hessian: tuple[float, float, float],
    t: float,
    edge_center: tuple[float, float],
) -> results.GeometryResult:
    """The ``geometry`` story: a ``β̂`` whose contours touch the diamond at a corner, and one
    whose contours touch it on an edge.

    Parameters
    ----------
    center : tuple of float
        ``β̂`` of the corner case.
    hessian : tuple of float
        ``(a, b, c)`` of ``H = [[a, b], [b, c]]``, positive definite.
    t : float
        Radius of the diamond and the disk.
    edge_center : tuple of float
        ``β̂`` of the edge case.

    Returns
    -------
    GeometryResult
        The corner case's fields, with ``edge_case``, ``t`` and ``H`` beside them.

    References
    ----------
    Hastie, Tibshirani and Friedman, ESL, Figure 3.11.
    """
    h = geometry.hessian_matrix(*hessian)
    corner = geometry_case(center, h, t)
    return results.GeometryResult(
        **{item.name: getattr(corner, item.name) for item in fields(corner)},
        t=t,
        edge_case=geometry_case(edge_center, h, t),
        hessian=h,
    )


def shrinkage_curves(gamma: float, half_width: float, points: int = 401) -> results.ShrinkageCurves:
    """Both orthogonal-design estimates as functions of ``β̂ⱼ`` on ``[−half_width, half_width]``.

    Soft-thresholding, flat at exactly 0 on ``[−γ, γ]``, and ridge's line ``β̂ⱼ/(1 + γ)``,
    0 only at ``β̂ⱼ = 0``. The grid holds ``±γ`` exactly, so the flat part ends where it
    should.

    Parameters
    ----------
    gamma : float
        The threshold ``γ``.
    half_width : float
        Half-width of the ``β̂ⱼ`` grid.
    points : int
        Evenly spaced points, to which ``−γ``, 0 and ``γ`` are added.

    Returns
    -------
    ShrinkageCurves
    """
    grid = np.union1d(np.linspace(-half_width, half_width, points), [-gamma, 0.0, gamma])
    lasso, ridge = penalties.soft_threshold(grid, gamma), probability.ridge_shrink(grid, gamma)
    return results.ShrinkageCurves(beta_hat=grid, lasso=lasso, ridge=ridge)


def thresholding_story(
    gamma: float,
    sigma: float,
    beta: tuple[float, float],
    samples: int,
    seed: int,
    shown: int,
) -> results.ThresholdingResult:
    """The ``thresholding`` story: ``P(lasso sparse) > 0 = P(ridge sparse)``, exact and sampled.

    The first ``shown`` Monte Carlo draws, with their lasso and ridge images,
    are what the scene and the figure scatter.

    Parameters
    ----------
    gamma : float
        The threshold ``γ``.
    sigma : float
        Noise ``σ`` of ``β̂ ~ N(β, σ²I)``.
    beta : tuple of float
        The true ``β``.
    samples, seed : int
        Monte Carlo draws and the generator's seed.
    shown : int
        Draws kept for drawing.

    Returns
    -------
    ThresholdingResult

    References
    ----------
    the orthogonal-design answer, Cross Validated.
    """
    draws = probability.sample_estimates(beta, sigma, samples, seed)
    lasso, ridge = penalties.soft_threshold(draws, gamma), probability.ridge_shrink(draws, gamma)
    lasso_sparse, ridge_sparse = np.any(lasso == 0.0, axis=1), np.any(ridge == 0.0, axis=1)
    p_mc = float(np.mean(lasso_sparse))
    return results.ThresholdingResult(
        gamma=gamma,
        p_sparse_lasso=probability.p_sparse_lasso(beta, sigma, gamma),
        p_sparse_lasso_mc=p_mc,
        p_sparse_lasso_mc_stderr=math.sqrt(p_mc * (1.0 - p_mc) / samples),
        # A_R is the two axes, a set of area 0: no continuous β̂ lands on it.
        p_sparse_ridge=0.0,
        p_sparse_ridge_mc=float(np.mean(ridge_sparse)),
        samples=samples,
        # The shrinkage curves over a range holding ±2γ and β ± 3σ.
        curves=shrinkage_curves(gamma, max(2 * gamma, float(np.max(np.abs(beta))) + 3 * sigma)),
        points=results.SampledEstimates(
            beta_hat=draws[:shown],
            lasso=lasso[:shown],
            ridge=ridge[:shown],
            lasso_sparse=lasso_sparse[:shown],
        ),
    )


def priors_story(
    narrow_sigma: float,
    x_max: float,
    points: int,
    noise_sd: float,
    mean_max: float,
) -> results.PriorsResult:
    """The ``priors`` story: the density at 0 is not what gives zeros, the kink is.

    A unit-variance Gaussian, a unit-variance Laplace and a narrow Gaussian taller at 0 than
    the Laplace; their negative log densities; and their MAP estimates over a range of data
    means, of which only the Laplace's are exactly 0 on an interval.

    Parameters
    ----------
    narrow_sigma : float
        Standard deviation of the narrow Gaussian prior.
    x_max, points
        Half-width and points of the density grid (also the points of the MAP grid).
    noise_sd : float
        Noise standard deviation ``s`` of the data mean.
    mean_max : float
        Half-width of the data-mean grid.

    Returns
    -------
    PriorsResult

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities".
    """
    b = probability.UNIT_VARIANCE_LAPLACE_SCALE
    x = np.linspace(-x_max, x_max, points)
    means = np.linspace(-mean_max, mean_max, points)
    return results.PriorsResult(
        laplace_scale=b,
        density_at_zero=results.DensityAtZero(
            gaussian=float(probability.gaussian_pdf(0.0, 1.0)),
            laplace=float(probability.laplace_pdf(0.0, b)),
            narrow_gaussian=float(probability.gaussian_pdf(0.0, narrow_sigma)),
        ),
        x=x,
        gaussian=probability.gaussian_pdf(x, 1.0),
        laplace=probability.laplace_pdf(x, b),
        narrow_gaussian=probability.gaussian_pdf(x, narrow_sigma),
        neg_log=results.NegLogDensities(
            gaussian=probability.gaussian_neg_log_pdf(x, 1.0),
            laplace=probability.laplace_neg_log_pdf(x, b),
            narrow_gaussian=probability.gaussian_neg_log_pdf(x, narrow_sigma),
        ),
        map=results.MapEstimates(
            data_mean=means,
            gaussian=probability.map_gaussian_prior(means, noise_sd, 1.0),
            laplace=probability.map_laplace_prior(means, noise_sd, b),
            narrow_gaussian=probability.map_gaussian_prior(means, noise_sd, narrow_sigma),
            laplace_zero_interval=(-(noise_sd**2) / b, noise_sd**2 / b),
        ),
    )


def path_story(points: int, lambda_ratio: float) -> results.PathResult:
    """The ``path`` story: lasso and ridge paths on the diabetes data, ``λ`` decreasing.

    Parameters
    ----------
    points : int
        Grid points of each path.
    lambda_ratio : float
        The lasso grid runs from ``λ_max`` down to ``lambda_ratio·λ_max``.

    Returns
    -------
    PathResult

    References
    ----------
    the ISTA answer, Cross Validated; Efron et al. 2004 (the data).
    """
    data = load_diabetes()
    top = lambda_max(data.x, data.y)
    lams = np.geomspace(top, top * lambda_ratio, points)
    lasso = lasso_path(data.x, data.y, lams)
    # Ridge shrinks the direction of each eigenvalue e of XᵀX/n by e/(e + λ), so its grid
    # runs from 100·e_max (every direction under 1% of least squares) to e_min/100
    # (every direction above 99%): the whole way from near 0 to least squares.
    eigenvalues = np.linalg.eigvalsh(data.x.T @ data.x / data.x.shape[0])
    ridge_lams = np.geomspace(1e2 * eigenvalues[-1], 1e-2 * eigenvalues[0], points)
    # The exact path from the grid's smallest λ up, knot by knot: between knots it is linear
    # in λ, so a scene can move along it exactly; a midpoint shows each stretch's support.
    smallest = int(np.argmin(lams))
    knots = lasso_knots(data.x, data.y, float(lams[smallest]), lasso.coef[:, smallest])
    midpoints = (knots.lambdas[:-1] + knots.lambdas[1:]) / 2
    return results.PathResult(
        lambdas=lams,
        lasso_coefs=lasso.coef,
        lasso_exact=bool(lasso.exact.all()),
        lasso_exit_lambdas=lasso_exit_lambdas(data.x, data.y, lams, lasso.coef),
        lasso_nonzero=penalties.l0_count(lasso.coef.T),
        ridge_lambdas=ridge_lams,
        ridge_coefs=ridge_path(data.x, data.y, ridge_lams),
        ridge_nonzero=penalties.l0_count(ridge_path(data.x, data.y, ridge_lams).T),
        feature_names=tuple(data.feature_names),
        least_squares=np.linalg.lstsq(data.x, data.y, rcond=None)[0],
        knots=results.PathKnots(
            lambdas=knots.lambdas,
            coefs=knots.coefs,
            features=knots.features,
            lands=knots.lands,
            nonzero=penalties.l0_count(knots.coefs.T),
            stretch_nonzero=penalties.l0_count(
                interpolate_lasso_path(knots.lambdas, knots.coefs, midpoints).T
            ),
        ),
    )


def selection_story(
    n_samples: int,
    n_features: int,
    n_relevant: int,
    noise: float,
    lam: float,
    seed: int,
) -> results.SelectionResult:
    """The ``selection`` story: 1,000 candidates, 50 that matter; the lasso keeps about 50
    non-zero weights, ridge (same ``λ``) keeps all of them.

    Parameters
    ----------
    n_samples, n_features, n_relevant, noise, seed
        The synthetic data, as for ``selection_data``.
    lam : float
        The penalty ``λ`` of both fits.

    Returns
    -------
    SelectionResult

    References
    ----------
    siua.io, "L1 regularization (Lasso)".
    """
    x, y, truth = selection_data(n_samples, n_features, n_relevant, noise, seed)
    lasso = ista(x, y, [lam]).coef[:, 0]
    ridge = ridge_path(x, y, [lam])[:, 0]
    relevant, kept = truth != 0, lasso != 0
    return results.SelectionResult(
        true_coefs=truth,
        lasso_coefs=lasso,
        ridge_coefs=ridge,
        lasso_nonzero=int(penalties.l0_count(lasso)),
        ridge_nonzero=int(penalties.l0_count(ridge)),
        relevant=int(relevant.sum()),
        true_positives=int(np.sum(kept & relevant)),
        false_positives=int(np.sum(kept & ~relevant)),
        false_negatives=int(np.sum(~kept & relevant)),
    )
