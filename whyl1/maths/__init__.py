"""Every number whyl1 shows, computed once: pure numpy, one module per topic.

Scenes and figures draw what this package returns and never compute a number of
their own, so a video, a slide figure and a ``whyl1 data`` export always agree.
Conventions: the L1 penalty is ``λ|w|``, the L2 penalty ``½λw²``
(gradient ``λw``); the lasso objective is ``(1/2n)‖y − Xβ‖² + λ‖β‖₁``, the
scikit-learn convention, so its ``alpha`` is our ``λ``. The public sources named
briefly in the docstrings are cited in full in ``whyl1.sources``.

The primitives, which import nothing but numpy and each other:

- ``penalties``: ``|w|`` and ``½w²``, their (sub)gradients, the soft-threshold, the 1-D
  minimisers, the ``(1, ε)`` reductions, the Lp and elastic-net unit balls;
- ``updates``: subgradient, clamped, proximal and L2 descent, iterated;
- ``geometry``: the exact constrained solutions on the diamond and the disk (ESL 3.11);
- ``balls``: the exact touch point on every Lp ball (convex or not) and the elastic net;
- ``probability``: ``P(lasso sparse)``, the normal CDF, priors and MAP estimates;
- ``lasso``: the diabetes data, ISTA, the lasso and ridge paths, the lasso path's exact
  knots, the selection data.

``builders`` (and ``lp_builder``, for lp-balls) turn them into one typed result per
story (``whyl1.results``); the catalogue finds a story's builder here by name
(``Story.compute_name``). Everything a
scene, figure, script or test calls is re-exported below, so callers write
``from whyl1 import maths; maths.soft_threshold(...)``. Constants that fix how a story is
drawn (sweep lengths, the η of the bounce sweep) stay in their module:
``maths.builders.ETA_SWEEP``.
"""

from whyl1.maths.balls import BallSolution, elastic_net_ball_solution, lp_ball_solution
from whyl1.maths.builders import (
    epsilon_story,
    geometry_story,
    kink_story,
    oscillation_story,
    path_story,
    penalties_story,
    priors_story,
    selection_story,
    shrinkage_curves,
    steps_story,
    thresholding_story,
)
from whyl1.maths.geometry import (
    ConstrainedSolution,
    diamond_vertices,
    ellipse_contour,
    hessian_matrix,
    l1_constrained_solution,
    l2_constrained_solution,
    quadratic_loss,
)
from whyl1.maths.lasso import (
    IstaResult,
    LassoKnots,
    LinearData,
    interpolate_lasso_path,
    ista,
    lambda_max,
    lasso_exit_lambdas,
    lasso_kkt_violation,
    lasso_knots,
    lasso_path,
    lipschitz_constant,
    load_diabetes,
    ridge_path,
    selection_data,
    standardize,
)
from whyl1.maths.lp_builder import lp_balls_story, lp_touches
from whyl1.maths.penalties import (
    elastic_net_ball_boundary,
    l0_count,
    l1_above_l2_interval,
    l1_penalty,
    l1_reduction,
    l1_regularized_minimizer,
    l1_subgradient,
    l2_gradient,
    l2_penalty,
    l2_regularized_minimizer,
    lp_ball_boundary,
    soft_threshold,
    squared_l2_reduction,
    zero_slope_interval,
)
from whyl1.maths.probability import (
    UNIT_VARIANCE_LAPLACE_SCALE,
    gaussian_neg_log_pdf,
    gaussian_pdf,
    laplace_neg_log_pdf,
    laplace_pdf,
    map_gaussian_prior,
    map_laplace_prior,
    normal_cdf,
    normal_interval_probability,
    p_sparse_lasso,
    p_sparse_lasso_monte_carlo,
    ridge_shrink,
    sample_estimates,
)
from whyl1.maths.updates import (
    QuadraticDataLoss,
    bounce_amplitude,
    first_exact_zero,
    l1_clamped_steps,
    l1_proximal_steps,
    l1_subgradient_steps,
    l2_steps,
)

# The import blocks above group the names by module.
__all__ = [
    "UNIT_VARIANCE_LAPLACE_SCALE",
    "BallSolution",
    "ConstrainedSolution",
    "IstaResult",
    "LassoKnots",
    "LinearData",
    "QuadraticDataLoss",
    "bounce_amplitude",
    "diamond_vertices",
    "elastic_net_ball_boundary",
    "elastic_net_ball_solution",
    "ellipse_contour",
    "epsilon_story",
    "first_exact_zero",
    "gaussian_neg_log_pdf",
    "gaussian_pdf",
    "geometry_story",
    "hessian_matrix",
    "interpolate_lasso_path",
    "ista",
    "kink_story",
    "l0_count",
    "l1_above_l2_interval",
    "l1_clamped_steps",
    "l1_constrained_solution",
    "l1_penalty",
    "l1_proximal_steps",
    "l1_reduction",
    "l1_regularized_minimizer",
    "l1_subgradient",
    "l1_subgradient_steps",
    "l2_constrained_solution",
    "l2_gradient",
    "l2_penalty",
    "l2_regularized_minimizer",
    "l2_steps",
    "lambda_max",
    "laplace_neg_log_pdf",
    "laplace_pdf",
    "lasso_exit_lambdas",
    "lasso_kkt_violation",
    "lasso_knots",
    "lasso_path",
    "lipschitz_constant",
    "load_diabetes",
    "lp_ball_boundary",
    "lp_ball_solution",
    "lp_balls_story",
    "lp_touches",
    "map_gaussian_prior",
    "map_laplace_prior",
    "normal_cdf",
    "normal_interval_probability",
    "oscillation_story",
    "p_sparse_lasso",
    "p_sparse_lasso_monte_carlo",
    "path_story",
    "penalties_story",
    "priors_story",
    "quadratic_loss",
    "ridge_path",
    "ridge_shrink",
    "sample_estimates",
    "selection_data",
    "selection_story",
    "shrinkage_curves",
    "soft_threshold",
    "squared_l2_reduction",
    "standardize",
    "steps_story",
    "thresholding_story",
    "zero_slope_interval",
]
