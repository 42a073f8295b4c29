"""The story contract: one frozen dataclass per story, holding every number it shows.

``whyl1.maths`` builds these; scenes, figures and ``whyl1 data`` read them by
attribute (``data.with_data.etas``), so a misspelt field is an ``AttributeError``
at the line that reads it and an editor can list what a story offers.

Field names and their order are the ``whyl1 data`` contract: the JSON and CSV
export walks the fields in declaration order, nested results become nested
objects, and a field marked ``NOT_EXPORTED`` (something drawing needs but the
export never carried, such as geometry's Hessian matrix) is skipped, so the
export stays what it has always been.

The classes are ``eq=False``: their fields hold numpy arrays, whose ``==`` is
elementwise, so a generated ``__eq__`` (and the hash that comes with it) would
raise on first use; compare fields instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

# Field metadata of a field that drawing needs and the export leaves out.
NOT_EXPORTED: Mapping[str, Any] = {"export": False}


def exported_fields(result: object) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` of every field ``whyl1 data`` prints, in declaration order."""
    for item in fields(result):
        if item.metadata.get("export", True):
            yield item.name, getattr(result, item.name)


@dataclass(frozen=True, eq=False)
class StoryResult:
    """Base of every story's result: what ``Story.compute`` returns and ``whyl1 data`` prints."""


# ---------------------------------------------------------------------------
# penalties, steps, oscillation
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PenaltiesResult(StoryResult):
    """Both penalties and their (sub)gradients on a ``w`` grid.

    ``small_weight_region`` is ``[−1, 1]``, where ``|w| > w²``: there L1 charges a
    small weight relatively more than the squared penalty does. ``l1_above_l2`` is
    ``[−2, 2]``, where ``|w| > ½w²`` (the two penalties as drawn). ``tangent_at`` are the
    weights where the scene's sliding tangents stop, with each penalty's value and slope
    there.
    """

    w: FloatArray
    l1: FloatArray
    l2: FloatArray
    l1_gradient: FloatArray
    l2_gradient: FloatArray
    l1_exceeds_square: BoolArray
    small_weight_region: FloatArray
    l1_above_l2: FloatArray
    tangent_at: FloatArray
    l1_at: FloatArray
    l2_at: FloatArray
    l1_slope_at: FloatArray
    l2_slope_at: FloatArray


@dataclass(frozen=True, eq=False)
class StepsResult(StoryResult):
    """Penalty-only descent from ``w0``: iterates ``l1``/``l2`` (``n + 1`` each, ``w0``
    first); a ``*_zero_step`` is the first step exactly at 0, ``None`` if never."""

    l1: FloatArray
    l2: FloatArray
    l1_step_size: float
    l2_factor: float
    l1_zero_step: int | None
    l2_zero_step: int | None
    l2_last: float


@dataclass(frozen=True, eq=False)
class BounceSweep:
    """The plain subgradient method with the data loss, one row of ``iterates`` per ``η``
    of ``etas``; ``amplitudes`` is the peak-to-peak range of the last ``window`` iterates,
    and ``optimum`` the exact minimiser (0 in the story)."""

    etas: FloatArray
    iterates: FloatArray
    amplitudes: FloatArray
    amplitude_per_eta: FloatArray
    window: int
    optimum: float


@dataclass(frozen=True, eq=False)
class OscillationResult(StoryResult):
    """The plain subgradient bounce, the clamp and the proximal step that land on 0, and
    the bounce with a data loss shrinking with ``η`` (``with_data``)."""

    subgradient: FloatArray
    clamp: FloatArray
    prox: FloatArray
    clamp_zero_step: int | None
    prox_zero_step: int | None
    step_size: float
    with_data: BounceSweep


# ---------------------------------------------------------------------------
# epsilon, kink
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class EpsilonSweep:
    """The four reductions of ``(1, ε)`` shrunk by ``δ``, over a sweep of ``eps``."""

    eps: FloatArray
    l1_shrink_large: FloatArray
    l1_shrink_small: FloatArray
    l2sq_shrink_large: FloatArray
    l2sq_shrink_small: FloatArray


@dataclass(frozen=True, eq=False)
class EpsilonResult(StoryResult):
    """How much ``‖·‖₁`` and ``‖·‖₂²`` of ``(1, ε)`` fall when the large or the small
    coordinate shrinks by ``δ``: at the story's ``ε``, and over ``sweep``."""

    eps: float
    delta: float
    l1_shrink_large: float
    l1_shrink_small: float
    l2sq_shrink_large: float
    l2sq_shrink_small: float
    sweep: EpsilonSweep


@dataclass(frozen=True, eq=False)
class KinkSweep:
    """Both 1-D minimisers as the loss centre ``c`` (slope ``−c`` at 0) sweeps."""

    c: FloatArray
    slope_at_zero: FloatArray
    l1_minimizer: FloatArray
    l2_minimizer: FloatArray


@dataclass(frozen=True, eq=False)
class KinkObjectives:
    """Both objectives on the ``w`` grid, one row per centre of ``c``, with their
    minimisers and minimum values."""

    w: FloatArray
    c: FloatArray
    slope_at_zero: FloatArray
    l1: FloatArray
    l2: FloatArray
    l1_minimizer: FloatArray
    l2_minimizer: FloatArray
    l1_minimum: FloatArray
    l2_minimum: FloatArray


@dataclass(frozen=True, eq=False)
class KinkResult(StoryResult):
    """``L(w) = ½(w − c)²`` plus ``β|w|`` or ``βw²``: the minimisers at the story's ``c``,
    the slopes ``zero_interval`` that give an exact zero, a sweep and the objectives."""

    c: float
    beta: float
    slope_at_zero: float
    l1_minimizer: float
    l2_minimizer: float
    zero_interval: tuple[float, float]
    sweep: KinkSweep
    objectives: KinkObjectives


# ---------------------------------------------------------------------------
# geometry
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GeometryCase:
    """One ``β̂`` (``center``) and its solutions on the L1 diamond (``lasso``) and the L2
    disk (``ridge``), the loss levels where their contours touch, and which coordinates
    of the lasso solution are exactly 0."""

    center: FloatArray
    lasso: FloatArray
    ridge: FloatArray
    lasso_level: float
    ridge_level: float
    lasso_on_corner: bool
    lasso_zero_coordinates: tuple[int, ...]
    ridge_on_axis: bool


@dataclass(frozen=True, eq=False)
class GeometryResult(GeometryCase, StoryResult):
    """The corner case (the inherited fields), the budget ``t`` and the edge case.

    ``hessian`` is the loss curvature as the 2×2 matrix the contours are drawn
    with; it is not exported (the parameters already hold its three numbers).
    """

    t: float
    edge_case: GeometryCase
    hessian: FloatArray = field(metadata=NOT_EXPORTED)


# ---------------------------------------------------------------------------
# thresholding, priors
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ShrinkageCurves:
    """Soft-thresholding (``lasso``) and ridge's line as functions of ``beta_hat``."""

    beta_hat: FloatArray
    lasso: FloatArray
    ridge: FloatArray


@dataclass(frozen=True, eq=False)
class SampledEstimates:
    """The first Monte Carlo draws of ``β̂``, one row each, and their lasso and ridge images."""

    beta_hat: FloatArray
    lasso: FloatArray
    ridge: FloatArray
    lasso_sparse: BoolArray


@dataclass(frozen=True, eq=False)
class ThresholdingResult(StoryResult):
    """``P(lasso sparse)`` exact and by Monte Carlo against ``P(ridge sparse) = 0``."""

    gamma: float
    p_sparse_lasso: float
    p_sparse_lasso_mc: float
    p_sparse_lasso_mc_stderr: float
    p_sparse_ridge: float
    p_sparse_ridge_mc: float
    samples: int
    curves: ShrinkageCurves
    points: SampledEstimates


@dataclass(frozen=True, eq=False)
class DensityAtZero:
    """Each prior's density at 0: the height the story says is not the reason."""

    gaussian: float
    laplace: float
    narrow_gaussian: float


@dataclass(frozen=True, eq=False)
class NegLogDensities:
    """Each prior's negative log density on the ``x`` grid: its penalty plus a constant."""

    gaussian: FloatArray
    laplace: FloatArray
    narrow_gaussian: FloatArray


@dataclass(frozen=True, eq=False)
class MapEstimates:
    """Each prior's MAP estimate as the data mean sweeps; the Laplace one is exactly 0
    on ``laplace_zero_interval``."""

    data_mean: FloatArray
    gaussian: FloatArray
    laplace: FloatArray
    narrow_gaussian: FloatArray
    laplace_zero_interval: tuple[float, float]


@dataclass(frozen=True, eq=False)
class PriorsResult(StoryResult):
    """Unit-variance Gaussian and Laplace priors and a narrow Gaussian: densities on ``x``,
    their heights at 0, their negative logs and their MAP estimates."""

    laplace_scale: float
    density_at_zero: DensityAtZero
    x: FloatArray
    gaussian: FloatArray
    laplace: FloatArray
    narrow_gaussian: FloatArray
    neg_log: NegLogDensities
    map: MapEstimates


# ---------------------------------------------------------------------------
# lp-balls, path, selection
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ElasticNetBall:
    """The elastic-net unit ball for the mix ``l1_ratio``, and where the loss ellipses
    around ``β̂`` first touch it (``touch_on_axis``: a coordinate is exactly 0)."""

    l1_ratio: float
    boundary: FloatArray
    corners_on_axes: bool
    touch_point: FloatArray
    touch_level: float
    touch_on_axis: bool


@dataclass(frozen=True, eq=False)
class LpTouches:
    """Where the loss ellipses around ``β̂`` first touch the unit ball of each ``p`` of
    ``ps``: the point (one row each), the touching level, the point's distance to the
    nearest axis (``min |β*ᵢ|``) and whether it lies exactly on an axis."""

    ps: FloatArray
    points: FloatArray
    levels: FloatArray
    axis_distance: FloatArray
    on_axis: BoolArray


@dataclass(frozen=True, eq=False)
class LpBallsResult(StoryResult):
    """Unit-ball boundaries, one per ``p`` of ``ps``, and the elastic-net ball; the loss
    ``½(β − β̂)ᵀH(β − β̂)`` around ``center`` and where its ellipses first touch the balls:
    ``touches`` at the scene's stops, ``sweep`` as ``p`` runs from ½ to ∞ evenly in ``1/p``."""

    ps: tuple[float, ...]
    boundaries: tuple[FloatArray, ...]
    corners_on_axes: tuple[bool, ...]
    convex: tuple[bool, ...]
    elastic_net: ElasticNetBall
    center: FloatArray
    hessian: FloatArray
    touches: LpTouches
    sweep: LpTouches


@dataclass(frozen=True, eq=False)
class PathKnots:
    """The exact lasso path from the grid's smallest ``λ`` up to ``λ_max``: ``lambdas``
    increasing (that ``λ``, then every knot above it), ``coefs`` at each (one row per
    feature), linear in ``λ`` between neighbours. At each knot one coefficient, of
    ``features``, reaches 0 (``lands``) or leaves it; ``nonzero`` counts the non-zero
    coefficients at each ``λ``, ``stretch_nonzero`` on each open stretch between two."""

    lambdas: FloatArray
    coefs: FloatArray
    features: IntArray
    lands: BoolArray
    nonzero: IntArray
    stretch_nonzero: IntArray


@dataclass(frozen=True, eq=False)
class PathResult(StoryResult):
    """Lasso and ridge coefficient paths on the diabetes data (one row per feature, one
    column per ``λ``), with where each lasso coefficient leaves 0, the least squares, and
    the lasso path's exact knots (``knots``)."""

    lambdas: FloatArray
    lasso_coefs: FloatArray
    lasso_exact: bool
    lasso_exit_lambdas: FloatArray
    lasso_nonzero: IntArray
    ridge_lambdas: FloatArray
    ridge_coefs: FloatArray
    ridge_nonzero: IntArray
    feature_names: tuple[str, ...]
    least_squares: FloatArray
    knots: PathKnots


@dataclass(frozen=True, eq=False)
class SelectionResult(StoryResult):
    """Lasso and ridge fits of a sparse synthetic truth, and how many features each keeps."""

    true_coefs: FloatArray
    lasso_coefs: FloatArray
    ridge_coefs: FloatArray
    lasso_nonzero: int
    ridge_nonzero: int
    relevant: int
    true_positives: int
    false_positives: int
    false_negatives: int
