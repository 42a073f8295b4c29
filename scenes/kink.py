"""The kink: β|w| keeps w = 0 optimal for a whole interval of slopes, βw² for one slope only."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
    smooth,
)
from whyl1.scenes.common import StoryScene, formula, text

from whyl1 import maths, sources, stories
from whyl1.results import KinkResult
from whyl1.theme import MANIM_BODY_SIZE, TYPE


class KinkScene(StoryScene):
    """Sweep the loss slope L'(0) through [−β, β] and beyond: the L1 minimiser rests on 0
    for the whole interval, the L2 one only passes through; then the fan at the kink."""

    story = "kink"
    data: KinkResult

    # Layout (Manim units)
    PANEL_WIDTH = 5.6
    PANEL_HEIGHT = 2.2
    PANEL_X = 3.4
    PANEL_Y = 1.05
    TRACE_WIDTH = 6.6
    TRACE_HEIGHT = 2.6
    TRACE_CENTER = (-2.9, -1.95)
    READOUT_Y = -1.8
    FAN_WIDTH = 4.6
    FAN_HEIGHT = 3.4
    FAN_Y = 0.7
    FORMULA_SIZE = 1.3 * TYPE.label * MANIM_BODY_SIZE  # MathTex runs smaller than Text
    LABEL_SIZE = 1.3 * TYPE.small * MANIM_BODY_SIZE
    # Drawing
    GRID_POINTS = 241  # per curve; symmetric_grid keeps w = 0 on it so the kink stays sharp
    Y_TOP_FACTOR = 0.65  # top of the objective panels, as a multiple of c_max²
    CURVE_WIDTH = 4.0
    DOT_RADIUS = 0.08
    FAN_LINES = 9
    FAN_STROKE = 3.0
    # Timing (seconds)
    INTRO_TIME = 2.0
    TO_START_TIME = 2.5
    SWEEP_TIME = 12.0
    BACK_TIME = 2.5
    FAN_TIME = 3.0
    PAUSE = 1.5

    def construct(self) -> None:
        self.c_max = float(self.data.sweep.c[-1])
        self.c_tracker = ValueTracker(self.values["c"])

        # Show the loss and the two regularised objectives at the story's c
        self.next_section("objectives")
        heading = self.title(stories.get(self.story).title)
        panels = self.objective_panels()
        readouts = self.readouts()
        source = self.footnote(sources.credit_line(self.story))
        self.say(
            "Take the loss L(w) = ½(w − c)², whose slope at w = 0 is −c. "
            "Add the L1 penalty β|w| on the left, or the L2 penalty βw² on the right, "
            "and mark each minimiser.",
            self.INTRO_TIME * 3 + self.PAUSE * 2,
        )
        self.play(Write(heading), FadeIn(source), run_time=self.INTRO_TIME)
        self.play(Create(panels), run_time=self.INTRO_TIME)
        self.play(FadeIn(readouts, shift=0.2 * UP), run_time=self.INTRO_TIME)
        self.wait(self.PAUSE * 2)

        # Sweep the slope L'(0) = −c from far left to far right, tracing both minimisers
        self.next_section("sweep")
        trace = self.trace_panel()
        self.say(
            "Now sweep the slope L'(0) across the whole range. Below: each minimiser "
            "against the slope.",
            self.INTRO_TIME + self.TO_START_TIME,
        )
        self.play(FadeOut(readouts), Create(trace["frame"]), run_time=self.INTRO_TIME)
        self.play(
            self.c_tracker.animate.set_value(self.c_max),
            run_time=self.TO_START_TIME,
            rate_func=smooth,
        )
        self.add(trace["curves"], trace["pens"])
        self.say(
            "While |L'(0)| ≤ β the L1 minimiser sits at exactly 0, for a whole interval "
            "of slopes. The L2 minimiser only passes through 0, at the single slope L'(0) = 0.",
            self.SWEEP_TIME,
        )
        self.play(
            self.c_tracker.animate.set_value(-self.c_max),
            run_time=self.SWEEP_TIME,
            rate_func=linear,
        )
        trace["curves"].clear_updaters()  # the whole sweep is drawn: keep it as it is

        # Name the interval and the single point
        self.next_section("interval")
        marks = self.interval_marks(trace["axes"])
        self.say(
            "The flat green stretch is the interval −β ≤ L'(0) ≤ β: an inequality. "
            "The L2 line touches 0 at one point: an equality, which a real slope "
            "almost never meets.",
            self.INTRO_TIME * 2 + self.PAUSE * 2,
        )
        self.play(FadeIn(marks), run_time=self.INTRO_TIME)
        self.play(
            Indicate(trace["flat"], color=self.colors.zero),
            Indicate(trace["crossing"], color=self.colors.zero, scale_factor=1.6),
            run_time=self.INTRO_TIME,
        )
        self.wait(self.PAUSE * 2)
        self.play(
            self.c_tracker.animate.set_value(self.values["c"]),
            FadeIn(readouts),
            run_time=self.BACK_TIME,
        )
        self.wait(self.PAUSE)

        # The fan of subgradient lines at the kink, against the single tangent of βw²
        self.next_section("fan")
        on_screen = [m for m in self.mobjects if m not in (heading, source)]
        fan = self.fan_panels()
        self.say(
            "Why? At its kink β|w| has not one slope but a whole fan: every line through the "
            "corner with slope in [−β, β] stays below it, and w = 0 is optimal whenever −L'(0) "
            "lies in that fan. The smooth βw² has one tangent, slope 0.",
            self.INTRO_TIME + self.FAN_TIME * 2 + self.PAUSE,
        )
        self.play(*(FadeOut(m) for m in on_screen), run_time=self.INTRO_TIME)
        self.play(Create(fan["curves"]), FadeIn(fan["labels"]), run_time=self.FAN_TIME)
        self.play(
            LaggedStart(*(Create(line) for line in fan["fan"]), lag_ratio=0.15),
            LaggedStart(*(Create(line) for line in fan["cutting"]), lag_ratio=0.15),
            Create(fan["tangent"]),
            FadeIn(fan["slopes"]),
            run_time=self.FAN_TIME,
        )
        self.wait(self.PAUSE)

        # The two optimality conditions: an inequality against an equality
        self.next_section("conditions")
        self.say(
            "So w = 0 minimises L(w) + β|w| whenever |L'(0)| ≤ β, but minimises "
            "L(w) + βw² only when L'(0) = 0: an inequality, not an equality.",
            self.FAN_TIME + self.INTRO_TIME + self.PAUSE * 2,
        )
        self.play(FadeIn(fan["conditions"], shift=0.2 * UP), run_time=self.FAN_TIME)
        self.play(Write(fan["moral"]), run_time=self.INTRO_TIME)
        self.wait(self.PAUSE * 2)

    # ------------------------------------------------------------------ objectives

    def objective_panels(self) -> VGroup:
        """L(w)+β|w| (left) and L(w)+βw² (right), each redrawn from the c tracker."""
        return VGroup(
            self.objective_panel(-1, self.colors.l1, r"L(w) + \beta|w|", self.l1_term,
                                 maths.l1_regularized_minimizer),
            self.objective_panel(1, self.colors.l2, r"L(w) + \beta w^2", self.l2_term,
                                 maths.l2_regularized_minimizer),
        )  # fmt: skip

    def l1_term(self, w: np.ndarray) -> np.ndarray:
        return self.values["beta"] * maths.l1_penalty(w)

    def l2_term(self, w: np.ndarray) -> np.ndarray:
        """βw², the seed's L2 term (twice the project's ½w² penalty, scaled by β)."""
        return 2 * self.values["beta"] * maths.l2_penalty(w)

    def objective_panel(
        self,
        side: int,
        color: str,
        label_tex: str,
        penalty: Callable[[np.ndarray], np.ndarray],
        minimizer: Callable[[float, float], np.ndarray],
    ) -> VGroup:
        """One panel: the objective at the tracker's c, and a dot on its minimiser that
        turns green exactly when the minimiser is 0.0 (no tolerance)."""
        w = self.symmetric_grid(self.c_max, self.GRID_POINTS)
        y_top = self.Y_TOP_FACTOR * self.c_max**2
        axes = self.panel_axes(y_top).move_to([side * self.PANEL_X, self.PANEL_Y, 0])
        axis_label = formula("w", self.colors.muted, self.LABEL_SIZE)
        axis_label.next_to(axes.x_axis.get_end(), DOWN, buff=0.1)
        label = formula(label_tex, color, self.FORMULA_SIZE).next_to(axes, UP, buff=0.12)

        def objective(x: np.ndarray) -> np.ndarray:
            return maths.l2_penalty(x - self.c_tracker.get_value()) + penalty(x)

        def redraw(curve: VMobject) -> None:
            y = objective(w)
            keep = y <= y_top  # one run of points: the objective is convex
            curve.set_points_as_corners(axes.c2p(w[keep], y[keep]).T)

        def place(dot: Dot) -> None:
            w_star = float(minimizer(self.c_tracker.get_value(), self.values["beta"]))
            dot.move_to(axes.c2p(w_star, float(objective(np.array(w_star)))))
            dot.set_color(self.colors.zero if w_star == 0.0 else color)

        curve = VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH)
        curve.add_updater(redraw, call_updater=True)
        dot = Dot(radius=self.DOT_RADIUS).add_updater(place, call_updater=True)
        return VGroup(axes, axis_label, label, curve, dot)

    def panel_axes(self, y_top: float) -> Axes:
        return Axes(
            x_range=[-self.c_max, self.c_max, self.c_max],
            y_range=[0, y_top, y_top],
            x_length=self.PANEL_WIDTH,
            y_length=self.PANEL_HEIGHT,
            tips=False,
            axis_config={"color": self.colors.muted, "include_ticks": False},
        )

    def readouts(self) -> VGroup:
        """The story's own c: loss, slope at 0 and both minimisers, as numbers from maths."""
        d, fg, size, scale = self.data, self.colors.foreground, self.FORMULA_SIZE, TYPE.label
        l1_color = self.colors.zero if d.l1_minimizer == 0.0 else self.colors.l1
        l2_color = self.colors.zero if d.l2_minimizer == 0.0 else self.colors.l2
        rows = [
            formula(r"L(w) = \frac{1}{2}(w - c)^2", self.colors.loss, size),
            self.row(
                formula("c =", fg, size),
                self.number(d.c, fg, key="c", scale=scale),
                formula(r",\ \ L'(0) = -c =", fg, size),
                self.number(d.slope_at_zero, fg, key="slope_at_zero", scale=scale),
            ),
            self.row(
                formula(r"\mathrm{L1:}\ \ w^* =", self.colors.l1, size),
                self.number(d.l1_minimizer, l1_color, key="l1_minimizer", scale=scale),
            ),
            self.row(
                formula(r"\mathrm{L2:}\ \ w^* =", self.colors.l2, size),
                self.number(d.l2_minimizer, l2_color, key="l2_minimizer", scale=scale),
            ),
        ]
        group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return group.move_to([0, self.READOUT_Y, 0]).to_edge(RIGHT, buff=0.5)

    @staticmethod
    def row(*parts: VMobject) -> VGroup:
        return VGroup(*parts).arrange(RIGHT, buff=0.12)

    @staticmethod
    def symmetric_grid(half_width: float, points: int) -> np.ndarray:
        """``points`` values on [−h, h], mirror-symmetric and containing 0.0 exactly, so the
        kink at 0 is drawn sharp (a plain linspace can miss 0 by a rounding error)."""
        half = np.linspace(0.0, half_width, points // 2 + 1)
        return np.concatenate([-half[:0:-1], half])

    # ------------------------------------------------------------------ sweep trace

    def trace_panel(self) -> dict:
        """Minimiser against slope L'(0): drawn up to the current slope from the sweep data."""
        sweep = self.data.sweep
        slope, l1, l2 = sweep.slope_at_zero, sweep.l1_minimizer, sweep.l2_minimizer
        reach = float(max(np.abs(l1).max(), np.abs(l2).max()))
        axes = Axes(
            x_range=[-self.c_max, self.c_max, self.c_max],
            y_range=[-reach, reach, reach],
            x_length=self.TRACE_WIDTH,
            y_length=self.TRACE_HEIGHT,
            tips=False,
            axis_config={"color": self.colors.muted, "include_ticks": False},
        ).move_to([*self.TRACE_CENTER, 0])
        x_label = formula("L'(0)", self.colors.muted, self.LABEL_SIZE)
        x_label.next_to(axes.x_axis, RIGHT, buff=0.1)
        y_label = formula("w^*", self.colors.muted, self.LABEL_SIZE)
        y_label.next_to(axes.y_axis, UP, buff=0.05)
        frame = VGroup(axes, x_label, y_label)

        # L1's curve in three pieces, the flat one (w* exactly 0) in the zero colour
        flat = l1 == 0.0
        curves = VGroup(
            self.traced(axes, slope, l1, (slope < 0) & ~flat, self.colors.l1),
            self.traced(axes, slope, l1, flat, self.colors.zero),
            self.traced(axes, slope, l1, (slope > 0) & ~flat, self.colors.l1),
            self.traced(axes, slope, l2, np.ones_like(flat), self.colors.l2),
        )
        beta = self.values["beta"]
        pens = VGroup(
            self.pen(axes, maths.l1_regularized_minimizer, self.colors.l1),
            self.pen(axes, maths.l2_regularized_minimizer, self.colors.l2),
        )
        flat_line = Line(
            axes.c2p(slope[flat].min(), 0), axes.c2p(slope[flat].max(), 0),
            color=self.colors.zero, stroke_width=self.CURVE_WIDTH * 2,
        )  # fmt: skip
        crossing = Dot(
            axes.c2p(0, float(maths.l2_regularized_minimizer(0.0, beta))),
            radius=self.DOT_RADIUS,
            color=self.colors.zero,
        )
        return {
            "axes": axes, "frame": frame, "curves": curves, "pens": pens,
            "flat": flat_line, "crossing": crossing,
        }  # fmt: skip

    def traced(
        self, axes: Axes, slope: np.ndarray, w_star: np.ndarray, mask: np.ndarray, color: str
    ) -> VMobject:
        """One piece of a minimiser curve, showing only the slopes already swept."""
        curve = VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH)

        def update(m: VMobject) -> None:
            shown = mask & (slope <= -self.c_tracker.get_value())
            if shown.sum() >= 2:
                m.set_points_as_corners(axes.c2p(slope[shown], w_star[shown]).T)
            else:
                m.clear_points()

        return curve.add_updater(update, call_updater=True)

    def pen(self, axes: Axes, minimizer: Callable[[float, float], np.ndarray], color: str) -> Dot:
        """The moving point (L'(0), w*) at the tracker's c; green exactly when w* is 0.0."""

        def place(dot: Dot) -> None:
            c = self.c_tracker.get_value()
            w_star = float(minimizer(c, self.values["beta"]))
            dot.move_to(axes.c2p(-c, w_star))
            dot.set_color(self.colors.zero if w_star == 0.0 else color)

        return Dot(radius=self.DOT_RADIUS).add_updater(place, call_updater=True)

    def interval_marks(self, axes: Axes) -> VGroup:
        """Ticks at −β and β on the slope axis, labelled where no curve passes (below the
        axis left of −β, above it right of β)."""
        low, high = self.data.zero_interval
        fg, size, scale = self.colors.foreground, self.LABEL_SIZE, TYPE.small
        marks = VGroup()
        for value, tex, key, side in (
            (low, r"-\beta =", "interval_low", DOWN),
            (high, r"\beta =", "interval_high", UP),
        ):
            at = axes.c2p(value, 0)
            tick = Line(at + 0.12 * DOWN, at + 0.12 * UP, color=self.colors.zero, stroke_width=3)
            label = self.row(formula(tex, fg, size), self.number(value, fg, key=key, scale=scale))
            marks.add(tick, label.next_to(tick, side, buff=0.1))
        return marks

    # ------------------------------------------------------------------ fan

    def fan_panels(self) -> dict:
        """β|w| with its fan of supporting lines through the kink; βw², whose only
        supporting line at 0 is the flat tangent (every other line cuts the curve)."""
        beta = self.values["beta"]
        low, high = maths.zero_slope_interval(beta)
        slopes = np.linspace(low, high, self.FAN_LINES)
        w = self.symmetric_grid(1.0, self.GRID_POINTS)
        axes_pair, curves, labels = [], VGroup(), VGroup()
        for side, color, tex, penalty in (
            (-1, self.colors.l1, r"\beta|w|", self.l1_term),
            (1, self.colors.l2, r"\beta w^2", self.l2_term),
        ):
            axes = Axes(
                x_range=[-1, 1, 1], y_range=[-beta, beta, beta],
                x_length=self.FAN_WIDTH, y_length=self.FAN_HEIGHT, tips=False,
                axis_config={"color": self.colors.muted, "include_ticks": False},
            ).move_to([side * self.PANEL_X, self.FAN_Y, 0])  # fmt: skip
            curve = VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH * 1.5)
            curve.set_points_as_corners(axes.c2p(w, penalty(w)).T).set_z_index(1)
            curves.add(axes, curve)
            labels.add(formula(tex, color, self.FORMULA_SIZE).next_to(axes, UP, buff=0.1))
            axes_pair.append(axes)
        l1_axes, l2_axes = axes_pair

        def through_kink(axes: Axes, g: float, kind: type[Line] = Line) -> Line:
            return kind(axes.c2p(-1, -g), axes.c2p(1, g), stroke_width=self.FAN_STROKE)

        fan = VGroup(*(through_kink(l1_axes, g).set_color(self.colors.zero) for g in slopes))
        cutting = VGroup(
            *(
                through_kink(l2_axes, g, DashedLine).set_color(self.colors.muted)
                for g in slopes
                if g != 0.0
            )
        )
        tangent = through_kink(l2_axes, 0.0).set_color(self.colors.zero).set_stroke(width=4)

        fg, size, scale = self.colors.foreground, self.LABEL_SIZE, TYPE.small
        ends = VGroup(
            formula(r"\mathrm{slope}\ \beta", self.colors.zero, size)
            .next_to(l1_axes.c2p(1, high), RIGHT, buff=0.1),
            formula(r"\mathrm{slope}\ {-\beta}", self.colors.zero, size)
            .next_to(l1_axes.c2p(1, low), RIGHT, buff=0.1),
        )  # fmt: skip
        fan_label = self.row(
            text("every slope from", self.colors.zero, scale),
            self.number(low, fg, key="fan_low", scale=scale),
            text("to", self.colors.zero, scale),
            self.number(high, fg, key="fan_high", scale=scale),
            text("stays below", self.colors.zero, scale),
        ).next_to(l1_axes, DOWN, buff=0.2)
        tangent_label = self.row(
            text("only slope", self.colors.zero, scale),
            self.number(0.0, fg, key="tangent_slope", scale=scale),
            text("stays below", self.colors.zero, scale),
        ).next_to(l2_axes, DOWN, buff=0.2)

        l1_condition = formula(
            r"w^* = 0 \Leftrightarrow |L'(0)| \leq \beta", self.colors.l1, self.FORMULA_SIZE
        )
        l2_condition = formula(
            r"w^* = 0 \Leftrightarrow L'(0) = 0", self.colors.l2, self.FORMULA_SIZE
        )
        l1_condition.next_to(fan_label, DOWN, buff=0.3)
        l2_condition.next_to(tangent_label, DOWN, buff=0.3)
        conditions = VGroup(l1_condition, l2_condition)
        moral = text(
            "an inequality, not an equality", self.colors.foreground, TYPE.heading, weight="BOLD"
        )
        moral.next_to(conditions, DOWN, buff=0.35).set_x(0)
        return {
            "curves": curves, "labels": labels, "fan": fan, "cutting": cutting,
            "tangent": tangent, "slopes": VGroup(ends, fan_label, tangent_label),
            "conditions": conditions, "moral": moral,
        }  # fmt: skip
