"""The catalogue: every story's name, summary, parameters (defaults, ranges) and outputs.

Parameters are validated here, once, for every output: ``whyl1 data``, a
scene and a figure of the same story see the same checked values. Importing
this module is cheap (no numpy, manim or matplotlib) so ``whyl1 list`` starts
fast; the maths is imported only when a story is computed.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the result types import numpy, which `whyl1 list` does not need
    from whyl1.results import StoryResult


class ParamError(ValueError):
    """A parameter value a user gave is malformed or out of range; names the parameter."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class Param:
    """One story parameter: its kind, default, allowed range and meaning.

    ``kind`` is ``float``, ``int``, ``pair`` (``x,y``) or ``triple`` (``a,b,c``);
    the range applies to every component. ``low_open``/``high_open`` make a
    bound strict (``eta > 0``).
    """

    name: str
    kind: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def range_text(self) -> str:
        """The allowed range in interval notation, e.g. ``(0, 10]``."""
        low = "-inf" if self.low is None else _number_text(self.low)
        high = "inf" if self.high is None else _number_text(self.high)
        return f"{'(' if self.low_open or self.low is None else '['}{low}, {high}" + (
            ")" if self.high_open or self.high is None else "]"
        )

    def default_text(self) -> str:
        """The default as a user would type it on the command line."""
        if isinstance(self.default, tuple):
            return ",".join(_number_text(v) for v in self.default)
        return _number_text(self.default)

    def parse(self, text: str) -> Any:
        """Turn the command-line text into a checked value, or raise ``ParamError``."""
        parts = [p.strip() for p in text.split(",")]
        expected = {"pair": 2, "triple": 3}.get(self.kind, 1)
        shape = {"pair": "x,y", "triple": "a,b,c"}.get(self.kind, f"one {self.kind}")
        if len(parts) != expected:
            raise ParamError(self.name, f"expected {shape}, got {text!r}")
        values = tuple(self._parse_number(p) for p in parts)
        return values if expected > 1 else values[0]

    def check(self, value: Any) -> Any:
        """Check a value (already a number or tuple) against kind and range."""
        values = value if isinstance(value, tuple) else (value,)
        for v in values:
            self._check_range(v)
        return value

    def _parse_number(self, text: str) -> float | int:
        if self.kind == "int":
            try:
                value: float | int = int(text)
            except ValueError:
                raise ParamError(self.name, f"expected a whole number, got {text!r}") from None
        else:
            try:
                value = float(text)
            except ValueError:
                raise ParamError(self.name, f"expected a number, got {text!r}") from None
            if not math.isfinite(value):
                raise ParamError(self.name, f"must be a finite number, got {text!r}")
        self._check_range(value)
        return value

    def _check_range(self, value: float) -> None:
        too_low = self.low is not None and (
            value < self.low or (self.low_open and value == self.low)
        )
        too_high = self.high is not None and (
            value > self.high or (self.high_open and value == self.high)
        )
        if too_low or too_high:
            raise ParamError(
                self.name, f"{_number_text(value)} is out of range; allowed: {self.range_text()}"
            )


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if abs(value) >= 1 or value == 0 else repr(value)
    return repr(value) if isinstance(value, float) else str(value)


Checker = Callable[[Mapping[str, Any]], None]


@dataclass(frozen=True)
class Story:
    """A story: one name used by the CLI, the scene, the figure and the data."""

    name: str
    title: str
    summary: str
    compute_name: str
    params: tuple[Param, ...]
    checks: tuple[Checker, ...] = field(default=())

    @property
    def module_name(self) -> str:
        """Python module name of the story's scene and figure (``lp-balls`` → ``lp_balls``)."""
        return self.name.replace("-", "_")

    @property
    def scene_class(self) -> str:
        """Name of the Manim scene class in ``scenes/<module>.py``."""
        return "".join(part.title() for part in self.name.split("-")) + "Scene"

    def has_output(self, kind: str) -> bool:
        """Whether a ``scene`` or ``figure`` module exists for this story (``data`` always)."""
        if kind == "data":
            return True
        package = {"scene": "whyl1.scenes", "figure": "whyl1.figures"}[kind]
        return importlib.util.find_spec(f"{package}.{self.module_name}") is not None

    def outputs(self) -> list[str]:
        return [kind for kind in ("data", "scene", "figure") if self.has_output(kind)]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParamError(name, f"unknown parameter for story {self.name!r}; known: {known}")

    def resolve(self, overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Defaults, overridden by ``name -> text`` pairs, parsed and cross-checked."""
        values = {p.name: p.default for p in self.params}
        for name, text in (overrides or {}).items():
            values[name] = self.param(name).parse(text)
        for check in self.checks:
            check(values)
        return values

    def compute(self, values: Mapping[str, Any] | None = None) -> StoryResult:
        """Run the story's maths with checked parameter values (defaults if None).

        The defaults live here only: the ``*_story`` functions take every catalogue
        parameter without a default, so the catalogue is the one place to change one.
        """
        maths = importlib.import_module("whyl1.maths")
        return getattr(maths, self.compute_name)(**(values or self.resolve()))


# ---------------------------------------------------------------------------
# Cross-parameter checks: each keeps a story's claim true for the values given.
# ---------------------------------------------------------------------------


def _maths() -> Any:
    return importlib.import_module("whyl1.maths")


def _steps_l2_never_arrives(v: Mapping[str, Any]) -> None:
    if not v["eta"] * v["lam"] < 1:
        raise ParamError(
            "eta",
            f"eta*lam must be < 1 (got {v['eta'] * v['lam']:g}): at 1 the L2 step jumps "
            "straight to 0 and above it overshoots, so 'halving forever' would be false",
        )


def _steps_l2_stays_representable(v: Mapping[str, Any]) -> None:
    # Past the smallest normal double, (1 − ηλ)ⁿ·w0 loses precision and finally rounds to
    # exactly 0: the float would "arrive" where the real iterate never does.
    l2 = _maths().l2_steps(v["w0"], v["eta"], v["lam"], v["n"])
    underflow = [k for k, w in enumerate(l2) if 0 < abs(w) < sys.float_info.min or w == 0]
    if underflow:
        limit, landing = underflow[0] - 1, math.ceil(abs(v["w0"]) / (v["eta"] * v["lam"]))
        if landing > limit:
            raise ParamError(
                "w0",
                f"{v['w0']:g} is too far from 0 for eta*lam={v['eta'] * v['lam']:g}: L1 needs "
                f"{landing} steps to land, but the L2 iterates fall below the smallest normal "
                f"double after {limit}; use a smaller |w0| or a larger eta*lam",
            )
        raise ParamError(
            "n",
            f"must be at most {limit} for w0={v['w0']:g} and eta*lam="
            f"{v['eta'] * v['lam']:g}: later L2 iterates fall below the smallest normal "
            "double and round towards 0, which the real iterates never reach",
        )


def _steps_l1_lands_on_zero(v: Mapping[str, Any]) -> None:
    if v["w0"] == 0:
        raise ParamError("w0", "must be non-zero: a weight already at 0 has no story")
    l1 = _maths().l1_subgradient_steps(v["w0"], v["eta"], v["lam"], v["n"])
    if _maths().first_exact_zero(l1) is None:
        raise ParamError(
            "w0",
            f"the L1 iterates from {v['w0']:g} never land exactly on 0 within n={v['n']} steps "
            f"of eta*lam={v['eta'] * v['lam']:g}: use a whole multiple of eta*lam (and a large "
            "enough n), or see the 'oscillation' story for what happens otherwise",
        )


def _oscillation_bounces(v: Mapping[str, Any]) -> None:
    maths = _maths()
    plain = maths.l1_subgradient_steps(v["w0"], v["eta"], v["lam"], v["n"])
    if maths.first_exact_zero(plain) is not None:
        raise ParamError(
            "w0",
            f"from {v['w0']:g} the plain step lands exactly on 0 (a whole multiple of "
            f"eta*lam={v['eta'] * v['lam']:g}): no bounce; that is the 'steps' story",
        )
    needed = math.ceil(abs(v["w0"]) / (v["eta"] * v["lam"])) + 3
    if v["n"] < needed:
        raise ParamError("n", f"must be at least {needed} to reach zero and show the bounce")
    if abs(v["data_curvature"] * v["data_center"]) > v["lam"]:
        raise ParamError(
            "data_center",
            "|data_curvature*data_center| must be <= lam so the data loss keeps its optimum "
            "at 0 and the bounce is around 0",
        )


def _epsilon_delta_small(v: Mapping[str, Any]) -> None:
    if v["delta"] > v["eps"]:
        raise ParamError("delta", f"must be <= eps ({v['eps']:g}): it shrinks the coordinate eps")


def _positive_definite(v: Mapping[str, Any]) -> None:
    a, b, c = v["hessian"]
    if not (a > 0 and a * c - b * b > 0):
        raise ParamError(
            "hessian", f"{a:g},{b:g},{c:g} is not positive definite: need a > 0 and a*c > b^2"
        )


def _geometry_cases(v: Mapping[str, Any]) -> None:
    maths = _maths()
    h = maths.hessian_matrix(*v["hessian"])
    for name, want_corner in (("center", True), ("edge_center", False)):
        x, y = v[name]
        if math.hypot(x, y) <= v["t"]:
            raise ParamError(name, f"must lie outside the L2 disk of radius t={v['t']:g}")
        corner = bool(maths.l1_constrained_solution(v[name], h, v["t"]).on_corner)
        if corner != want_corner:
            where = "a corner" if want_corner else "an edge"
            raise ParamError(
                name,
                f"its contours must touch the diamond on {where} for this "
                "hessian and t (the scene says so)",
            )


def _lp_balls_touches(v: Mapping[str, Any]) -> None:
    # The scene reads each touch point out as exactly 0 on a ball with corners on the axes
    # and non-zero on a smooth one; these values must make both true. (A corner of the
    # p = 1 diamond that is touched is touched by every p < 1 ball too: it lies in them.)
    x, y = v["center"]
    if max(abs(x), abs(y)) <= 1:
        raise ParamError("center", "must lie outside the p = ∞ square max(|x|, |y|) ≤ 1")
    maths = _maths()
    h = maths.hessian_matrix(*v["hessian"])
    for p in maths.lp_builder.LP_TOUCH_PS:
        if maths.lp_ball_solution(v["center"], h, p).on_axis != (p <= 1):
            where = "at a corner on an axis" if p <= 1 else "off the axes"
            raise ParamError(
                "center",
                f"for this hessian its contours must touch the p = {p:g} ball {where} "
                "(the scene says so)",
            )
    if maths.elastic_net_ball_solution(v["center"], h, v["l1_ratio"]).on_axis != (
        v["l1_ratio"] > 0
    ):
        raise ParamError(
            "l1_ratio",
            f"{v['l1_ratio']:g} makes the contours around center touch the elastic-net ball "
            "off its corners (the scene says a corner gives the zero): use a larger l1_ratio",
        )


def _priors_narrow_is_taller(v: Mapping[str, Any]) -> None:
    limit = 1 / math.sqrt(math.pi)  # N(0,σ²) at 0 beats Laplace(b=1/√2) at 0 iff σ < 1/√π
    if not v["narrow_sigma"] < limit:
        raise ParamError(
            "narrow_sigma",
            f"must be < {limit:.4f} (1/sqrt(pi)) so the narrow Gaussian is taller at 0 "
            "than the unit-variance Laplace, which is the story's point",
        )


def _selection_sizes(v: Mapping[str, Any]) -> None:
    if v["n_relevant"] > v["n_features"]:
        raise ParamError("n_relevant", f"must be <= n_features ({v['n_features']})")


def _float(name: str, default: float, help: str, low: float | None, high: float | None,
           *, low_open: bool = False, high_open: bool = False) -> Param:  # fmt: skip
    return Param(name, "float", float(default), help, low, high, low_open, high_open)


def _int(name: str, default: int, help: str, low: int, high: int) -> Param:
    return Param(name, "int", default, help, low, high)


def _loss_2d(center: tuple[float, float], hessian: tuple[float, float, float]) -> tuple[Param, ...]:
    """The 2-D quadratic loss the geometry and lp-balls stories share: its optimum β̂ and
    its curvature H, with these defaults."""
    return (
        Param("center", "pair", center, "unconstrained optimum β̂ as x,y", -10.0, 10.0),
        Param("hessian", "triple", hessian, "loss curvature H=[[a,b],[b,c]] as a,b,c",
              -100.0, 100.0),
    )  # fmt: skip


def _positive(name: str, default: float, help: str, high: float) -> Param:
    return _float(name, default, help, 0.0, high, low_open=True)


_SEED = _int("seed", 0, "seed of the random generator (same seed, same numbers)", 0, 2**32 - 1)

STORIES: tuple[Story, ...] = (
    Story(
        "penalties",
        "Two penalties",
        "|w| against ½w²: L1's pull sign(w) keeps its size, L2's pull w fades near 0",
        "penalties_story",
        (
            _positive("w_max", 2.0, "half-width of the w axis", 100.0),
            _int("points", 401, "grid points on the w axis", 11, 100_001),
        ),
    ),
    Story(
        "steps",
        "Step by step",
        "from w=5, η=½: L1 lands on exactly 0 after 10 steps, L2 halves forever",
        "steps_story",
        (
            _float("w0", 5.0, "starting weight", -1000.0, 1000.0),
            _positive("eta", 0.5, "learning rate η", 10.0),
            _positive("lam", 1.0, "penalty strength λ", 100.0),
            _int("n", 20, "number of steps", 1, 10_000),
        ),
        (_steps_l2_never_arrives, _steps_l2_stays_representable, _steps_l1_lands_on_zero),
    ),
    Story(
        "oscillation",
        "The bounce",
        "from w=5.1 the subgradient step bounces 0.1, −0.4 forever; clamp and prox land on 0",
        "oscillation_story",
        (
            _float("w0", 5.1, "starting weight", -1000.0, 1000.0),
            _positive("eta", 0.5, "learning rate η", 10.0),
            _positive("lam", 1.0, "penalty strength λ", 100.0),
            _int("n", 20, "number of steps", 1, 10_000),
            _positive("data_curvature", 1.0, "curvature a of the data loss ½a(w−c)²", 100.0),
            _float("data_center", 0.3, "centre c of the data loss ½a(w−c)²", -100.0, 100.0),
        ),
        (_oscillation_bounces,),
    ),
    Story(
        "epsilon",
        "Diminishing returns",
        "shrinking (1, ε) by δ: L1 falls by δ either way, squared L2 by 2εδ−δ² near 0",
        "epsilon_story",
        (
            _float("eps", 0.1, "the small coordinate ε", 0.0, 1.0, low_open=True),
            _float("delta", 0.05, "the shrink δ (at most ε)", 0.0, 1.0, low_open=True),
        ),
        (_epsilon_delta_small,),
    ),
    Story(
        "kink",
        "The kink",
        "w=0 minimises L(w)+β|w| for every slope |L'(0)| ≤ β, but L(w)+βw² only if L'(0)=0",
        "kink_story",
        (
            _float(
                "c", 0.6, "centre of the loss L(w)=½(w−c)², whose slope at 0 is −c", -100.0, 100.0
            ),
            _positive("beta", 1.0, "penalty strength β", 100.0),
        ),
    ),
    Story(
        "geometry",
        "Diamond and disk",
        "ESL Fig. 3.11: growing loss ellipses first touch the L1 diamond at a corner",
        "geometry_story",
        (
            *_loss_2d(center=(1.9, 3.0), hessian=(1.0, 0.7, 1.2)),
            _positive("t", 1.0, "budget: radius of the diamond and the disk", 10.0),
            Param(
                "edge_center",
                "pair",
                (2.6, 1.9),
                "a β̂ whose contours touch the diamond on an edge",
                -10.0,
                10.0,
            ),
        ),
        (_positive_definite, _geometry_cases),
    ),
    Story(
        "thresholding",
        "Soft-thresholding",
        "orthogonal design: P(lasso sparse) > 0 = P(ridge sparse), exact and by Monte Carlo",
        "thresholding_story",
        (
            _positive("gamma", 1.0, "threshold γ (penalty strength)", 10.0),
            _positive("sigma", 1.0, "noise σ of β̂ ~ N(β, σ²I)", 10.0),
            Param("beta", "pair", (2.0, 1.0), "true coefficients β as x,y", -10.0, 10.0),
            _int("samples", 100_000, "Monte Carlo samples", 100, 10_000_000),
            _SEED,
            _int("shown", 80, "sampled β̂ drawn in the scene and figure", 0, 2_000),
        ),
    ),
    Story(
        "priors",
        "Priors",
        "L2 is a Gaussian prior, L1 a Laplace one: the kink, not the height at 0, makes zeros",
        "priors_story",
        (
            _positive("narrow_sigma", 0.25, "σ of the narrow Gaussian", 10.0),
            _positive("x_max", 3.0, "half-width of the x grid", 20.0),
            _int("points", 601, "grid points", 11, 100_001),
            _positive("noise_sd", 1.0, "standard deviation s of the data mean", 10.0),
            _positive("mean_max", 3.0, "largest data mean in the MAP sweep", 20.0),
        ),
        (_priors_narrow_is_taller,),
    ),
    Story(
        "lp-balls",
        "Unit balls",
        "p ≤ 1 balls have corners on the axes (sparsity), p > 1 balls are smooth (none)",
        "lp_balls_story",
        (
            _float("l1_ratio", 0.5, "elastic-net mix α in α‖β‖₁+(1−α)‖β‖₂²", 0.0, 1.0),
            _int("points", 401, "boundary points per ball", 11, 100_001),
            *_loss_2d(center=(0.5, 2.0), hessian=(0.5, 0.4, 2.5)),
        ),
        (_positive_definite, _lp_balls_touches),
    ),
    Story(
        "path",
        "Regularization paths",
        "diabetes data (442×10): lasso coefficients hit exactly 0 one by one, ridge only shrinks",
        "path_story",
        (
            _int("points", 60, "λ values on the path", 5, 1_000),
            _float("lambda_ratio", 1e-3, "smallest λ as a fraction of the largest", 1e-6, 0.5),
        ),
    ),
    Story(
        "selection",
        "Feature selection",
        "1,000 candidate features, 50 matter: the lasso keeps about 50, ridge keeps all 1,000",
        "selection_story",
        (
            _int("n_samples", 500, "rows of the synthetic design", 20, 5_000),
            _int("n_features", 1000, "candidate features", 2, 5_000),
            _int("n_relevant", 50, "features with a true non-zero weight", 1, 5_000),
            _float("noise", 1.0, "noise standard deviation", 0.0, 100.0),
            _positive("lam", 0.25, "penalty strength λ for both lasso and ridge", 100.0),
            _SEED,
        ),
        (_selection_sizes,),
    ),
)

BY_NAME: dict[str, Story] = {story.name: story for story in STORIES}
NAMES: tuple[str, ...] = tuple(BY_NAME)


def get(name: str) -> Story:
    """The story called ``name``, or a ``KeyError`` naming the known stories."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown story {name!r}; known: {', '.join(NAMES)}") from None
