"""The kink: β|w| keeps w = 0 optimal for a whole interval of slopes, βw² for one slope only."""

from __future__ import annotations

from collections.abc import Callable

import manim
import numpy as np
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, swept_curve, text

from whyl1 import maths, sources, stories
from whyl1.results import KinkResult
from whyl1.theme import TYPE, number_text


class KinkScene(StoryScene):
    """Sweep the loss slope L'(0) through [−β, β] and beyond: the L1 minimiser rests on 0
    for the whole interval, the L2 one only passes through; then the fan at the kink."""

    story = "kink"
    data: KinkResult

    # Layout (Manim units)
    PANEL_WIDTH = 5.8  # each of the side-by-side objective panels
    PANEL_GAP = 1.2  # between them
    OBJECTIVE_HEIGHT = 4.2  # the objectives alone, in the first section
    SWEEP_HEIGHT = 1.8  # the objectives above the sweep's trace
    TRACE_WIDTH = 11.0  # room at its right for the slope axis's name
    FAN_WIDTH = 5.0  # narrower: the fan's end labels sit between the panels
    ROW_GAP = 0.12  # between rows of text, and between text and a panel
    # Drawing
    Y_TOP_FACTOR = 0.65  # top of the objective panels, as a multiple of c_max²
    CURVE_WIDTH = 4.0
    DOT_RADIUS = 0.08
    FAN_LINES = 9
    FAN_STROKE = 3.0
    # Timing (seconds)
    INTRO_TIME = 2.0
    TO_START_TIME = 2.5
    BACK_TIME = 2.5
    FAN_TIME = 3.0
    PAUSE = 1.5

    def construct(self) -> None:
        d = self.data
        self.c_max = float(d.sweep.c[-1])
        self.c_tracker = manim.ValueTracker(d.c)

        # Show the loss and the two regularised objectives at the story's c
        self.next_section("objectives")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        setting = self.setting().match_y(heading).to_edge(manim.RIGHT)
        panels = self.objective_panels(below=heading)
        minimizers = self.minimizer_readouts()
        self.place_minimizers(minimizers, self.objective_axes)
        readouts = manim.VGroup(setting, minimizers)
        c = number_text(d.c)
        with self.beat(
            "Why does L1 give exact zeros? Here is the reason, in one dimension. Take the "
            f"loss L(w) = ½(w − c)², with c = {c}: its slope at zero is "
            f"{number_text(d.slope_at_zero)}. Add β|w| on the left, or βw² on the right."
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.INTRO_TIME)
            beat.until("Take the loss")
            self.play(manim.Create(panels), manim.FadeIn(setting), run_time=self.INTRO_TIME)
        l1_min, l2_min = number_text(d.l1_minimizer), number_text(d.l2_minimizer)
        l1_said = "exactly 0" if d.l1_minimizer == 0.0 else l1_min
        with self.beat(
            f"With L1 the minimiser is {l1_said}. With L2 it is {l2_min}: pulled toward zero, "
            "but not onto it."
        ) as beat:
            self.play(manim.FadeIn(minimizers, shift=0.2 * manim.UP), run_time=self.INTRO_TIME)

        # Sweep the slope L'(0) = −c from far left to far right, tracing both minimisers;
        # the objectives move up to make room for the trace
        self.next_section("sweep")
        shrunk = [
            axes.copy().stretch_to_fit_height(self.SWEEP_HEIGHT, about_edge=manim.UP)
            for axes in self.objective_axes
        ]
        later = minimizers.copy()  # where the minimisers come back, under the shrunk panels
        self.place_minimizers(later, shrunk)
        trace = self.trace_panel(below=later, above=source)
        with self.beat("Now sweep the slope L'(0), and plot each minimiser against it, below."):
            self.play(
                manim.FadeOut(setting),
                manim.FadeOut(minimizers, shift=later.get_center() - minimizers.get_center()),
                *(manim.Transform(a, b) for a, b in zip(self.objective_axes, shrunk, strict=True)),
                manim.Create(trace["frame"]),
                run_time=self.INTRO_TIME,
            )
            self.place_minimizers(minimizers, self.objective_axes)  # off screen till later
            self.play(
                self.c_tracker.animate.set_value(self.c_max),
                run_time=self.TO_START_TIME,
                rate_func=manim.smooth,
            )
        self.add(trace["curves"], trace["pens"])
        low, high = d.zero_interval  # slopes L'(0) = −c with an exact zero
        with self.beat(
            "Once |L'(0)| ≤ β, the L1 minimiser is exactly 0, and it stays there for a whole "
            "interval of slopes. The L2 minimiser only passes through 0."
        ) as beat:
            # the L1 dot turns the zero colour as "exactly zero" is said
            beat.play_until(
                "exactly 0", self.c_tracker.animate.set_value(-low), rate_func=manim.linear
            )
            self.play(
                self.c_tracker.animate.set_value(-self.c_max),
                run_time=beat.remaining,
                rate_func=manim.linear,
            )
        trace["curves"].clear_updaters()  # the whole sweep is drawn: keep it as it is

        # Name the interval and the single point
        self.next_section("interval")
        marks = self.interval_marks(trace["axes"])
        with self.beat(
            "The flat stretch covers every slope in [−β, β]. The L2 line crosses 0 at one "
            "point only, which a real slope almost never hits."
        ) as beat:
            self.play(manim.FadeIn(marks), manim.Indicate(trace["flat"], color=self.colors.zero),
                      run_time=self.INTRO_TIME)  # fmt: skip
            beat.until("The L2 line")
            self.play(
                manim.Indicate(trace["crossing"], color=self.colors.zero, scale_factor=1.6),
                run_time=self.INTRO_TIME,
            )
        inside = low <= d.slope_at_zero <= high
        with self.beat(
            f"Our slope, {number_text(d.slope_at_zero)}, "
            + (
                "lies inside it: that is why our L1 minimiser is exactly 0."
                if inside
                else f"lies outside it, so even our L1 minimiser is {l1_min}."
            )
        ) as beat:
            self.play(
                self.c_tracker.animate.set_value(d.c),
                manim.FadeIn(readouts),
                run_time=self.BACK_TIME,
            )

        # The fan of subgradient lines at the kink, against the single tangent of βw²
        self.next_section("fan")
        on_screen = [m for m in self.mobjects if m not in (heading, source)]
        fan = self.fan_panels(below=heading, above=source)
        with self.beat(
            "Why an interval? At its kink, β|w| has a whole fan of slopes: every line through "
            "the corner with slope in [−β, β] stays below it. w = 0 is optimal whenever −L'(0) "
            "is in that fan."
        ) as beat:
            self.play(*(manim.FadeOut(m) for m in on_screen), run_time=self.INTRO_TIME)
            self.play(
                manim.Create(fan["curves"]), manim.FadeIn(fan["labels"]), run_time=self.INTRO_TIME
            )
            beat.until("a whole fan")
            self.play(
                manim.LaggedStart(*(manim.Create(line) for line in fan["fan"]), lag_ratio=0.15),
                manim.LaggedStart(*(manim.Create(line) for line in fan["cutting"]), lag_ratio=0.15),
                manim.FadeIn(fan["slopes"]),
                run_time=self.FAN_TIME,
            )
        with self.beat("The smooth βw² has a single tangent at 0, of slope 0."):
            self.play(manim.Create(fan["tangent"]), run_time=self.INTRO_TIME)

        # The two optimality conditions: an inequality against an equality
        self.next_section("conditions")
        with self.beat(
            "So w = 0 minimises the L1 objective whenever |L'(0)| ≤ β, but the L2 objective "
            "only when L'(0) = 0: an inequality, against an equality.",
            pause=self.PAUSE,
        ) as beat:
            self.play(manim.FadeIn(fan["conditions"], shift=0.2 * manim.UP), run_time=self.FAN_TIME)
            beat.until("an inequality")
            self.play(manim.FadeOut(source), manim.Write(fan["moral"]), run_time=self.INTRO_TIME)

    # ------------------------------------------------------------------ objectives

    def panel_x(self, side: int) -> float:
        """The centre of the left (``side`` −1) or right (1) panel."""
        return side * (self.PANEL_WIDTH + self.PANEL_GAP) / 2

    def loss(self, w: np.ndarray, c: float) -> np.ndarray:
        """The loss the scene writes on screen, L(w) = ½(w − c)²."""
        return maths.l2_penalty(w - c)

    def objective_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """maths' objectives L(w) + β|w| and L(w) + βw² for the loss centred at 0, on
        its grid of w (which holds 0 exactly, so the kink is drawn sharp)."""
        objectives = self.data.objectives
        (row,) = np.flatnonzero(objectives.c == 0.0)
        return objectives.w, objectives.l1[row], objectives.l2[row]

    def objective_panels(self, below: manim.Mobject) -> manim.VGroup:
        """L(w)+β|w| (left) and L(w)+βw² (right), each redrawn from the c tracker, under
        their formulas below ``below``."""
        w, l1_at_zero, l2_at_zero = self.objective_rows()
        minimizers = (maths.l1_regularized_minimizer, maths.l2_regularized_minimizer)
        labels = manim.VGroup(
            formula(r"L(w) + \beta|w|", self.colors.l1),
            formula(r"L(w) + \beta w^2", self.colors.l2),
        ).next_to(below, manim.DOWN, buff=2 * self.ROW_GAP)
        self.objective_axes: list[manim.Axes] = []
        panels = manim.VGroup()
        for side, color, label, at_zero, minimizer in zip(
            (-1, 1),
            (self.colors.l1, self.colors.l2),
            labels,
            (l1_at_zero, l2_at_zero),
            minimizers,
            strict=True,
        ):
            label.set_x(self.panel_x(side))
            panels.add(self.objective_panel(side, color, label, w, at_zero, minimizer))
        return panels

    def objective_panel(
        self,
        side: int,
        color: str,
        label: manim.Mobject,
        w: np.ndarray,
        at_zero: np.ndarray,
        minimizer: Callable[[float, float], np.ndarray],
    ) -> manim.VGroup:
        """One panel under ``label``: the objective at the tracker's c, and a dot on its
        minimiser that turns green exactly when the minimiser is 0.0 (no tolerance).

        The curve is maths' objective for the loss centred at 0 (``at_zero`` on ``w``),
        moved to the tracker's c: moving the loss's centre changes the loss alone, by
        L_c(w) − L_0(w), and leaves the penalty as maths made it."""
        y_top = self.Y_TOP_FACTOR * self.c_max**2
        axes = self.plot_axes((w[0], w[-1]), (0, y_top), self.PANEL_WIDTH, self.OBJECTIVE_HEIGHT)
        axes.next_to(label, manim.DOWN, buff=self.ROW_GAP)
        self.objective_axes.append(axes)
        axis_label = formula("w", self.colors.muted, LABEL_SIZE)
        axis_label.add_updater(
            lambda m: m.next_to(axes.x_axis.get_end(), manim.DOWN, buff=0.1), call_updater=True
        )
        penalty = at_zero - self.loss(w, 0.0)

        def objective(c: float) -> np.ndarray:
            return self.loss(w, c) + penalty

        def redraw(curve: manim.VMobject) -> None:
            y = objective(self.c_tracker.get_value())
            keep = y <= y_top  # one run of points: the objective is convex
            curve.set_points_as_corners(axes.c2p(w[keep], y[keep]).T)

        def follow() -> tuple[np.ndarray, bool]:
            c = self.c_tracker.get_value()
            w_star = float(minimizer(c, self.data.beta))
            return axes.c2p(w_star, float(np.interp(w_star, w, objective(c)))), w_star == 0.0

        curve = manim.VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH)
        curve.add_updater(redraw, call_updater=True)
        dot = self.zero_dot(follow, color, self.DOT_RADIUS)
        return manim.VGroup(axes, axis_label, label, curve, dot)

    def setting(self) -> manim.VGroup:
        """The loss and the story's c with the slope it gives at 0, in one row."""
        d, fg, scale = self.data, self.colors.foreground, TYPE.label
        return row(
            formula(r"L(w) = \frac{1}{2}(w - c)^2", self.colors.loss),
            row(
                formula("c =", fg),
                self.number(d.c, fg, key="c", scale=scale),
                formula(r",\ \ L'(0) = -c =", fg),
                self.number(d.slope_at_zero, fg, key="slope_at_zero", scale=scale),
            ),
            buff=0.6,
        )

    def minimizer_readouts(self) -> manim.VGroup:
        """Both minimisers at the story's c, as numbers from maths."""
        d = self.data
        return manim.VGroup(
            *(
                row(
                    formula(rf"\mathrm{{{name}:}}\ \ w^* =", color),
                    self.number(
                        value, self.tint(value, color), key=f"{key}_minimizer", scale=TYPE.label
                    ),
                )
                for name, key, value, color in (
                    ("L1", "l1", d.l1_minimizer, self.colors.l1),
                    ("L2", "l2", d.l2_minimizer, self.colors.l2),
                )
            )
        )

    def place_minimizers(self, readouts: manim.VGroup, frames: list[manim.Axes]) -> None:
        """Each minimiser under its panel's axes (``frames``), clear of the w axis's name:
        in the middle, the name is at the right end."""
        for readout, axes in zip(readouts, frames, strict=True):
            readout.next_to(axes, manim.DOWN, buff=self.ROW_GAP).match_x(axes)

    # ------------------------------------------------------------------ sweep trace

    def trace_panel(self, below: manim.Mobject, above: manim.Mobject) -> dict:
        """Minimiser against slope L'(0), filling the height between ``below`` and
        ``above``: drawn up to the current slope from the sweep data."""
        d, sweep = self.data, self.data.sweep
        slope, l1, l2 = sweep.slope_at_zero, sweep.l1_minimizer, sweep.l2_minimizer
        reach = float(max(np.abs(l1).max(), np.abs(l2).max()))
        y_label = formula("w^*", self.colors.muted, LABEL_SIZE)
        top = below.get_bottom()[1] - self.ROW_GAP - y_label.height - 0.05
        bottom = above.get_top()[1] + self.ROW_GAP
        axes = self.plot_axes(
            (-self.c_max, self.c_max), (-reach, reach), self.TRACE_WIDTH, top - bottom
        )
        axes.move_to([0, (top + bottom) / 2, 0])
        self.trace_axes = axes
        x_label = formula("L'(0)", self.colors.muted, LABEL_SIZE)
        x_label.next_to(axes.x_axis, manim.RIGHT, buff=0.1)
        y_label.next_to(axes.y_axis, manim.UP, buff=0.05)
        frame = manim.VGroup(axes, x_label, y_label)

        # L1's curve in three pieces, the flat one (w* exactly 0) in the zero colour
        flat = l1 == 0.0

        def swept() -> np.ndarray:
            return slope <= -self.c_tracker.get_value()

        def piece(values: np.ndarray, mask: np.ndarray, color: str) -> manim.VMobject:
            return swept_curve(axes, slope, values, lambda: mask & swept(), color, self.CURVE_WIDTH)

        curves = manim.VGroup(
            piece(l1, (slope < 0) & ~flat, self.colors.l1),
            piece(l1, flat, self.colors.zero),
            piece(l1, (slope > 0) & ~flat, self.colors.l1),
            piece(l2, np.ones_like(flat), self.colors.l2),
        )
        pens = manim.VGroup(
            self.pen(axes, maths.l1_regularized_minimizer, self.colors.l1),
            self.pen(axes, maths.l2_regularized_minimizer, self.colors.l2),
        )
        flat_line = manim.Line(
            axes.c2p(slope[flat].min(), 0),
            axes.c2p(slope[flat].max(), 0),
            color=self.colors.zero,
            stroke_width=self.CURVE_WIDTH * 2,
        )
        objectives = d.objectives
        at_zero_slope = float(objectives.l2_minimizer[objectives.c == 0.0][0])
        crossing = manim.Dot(
            axes.c2p(0, at_zero_slope), radius=self.DOT_RADIUS, color=self.colors.zero
        )
        return {
            "axes": axes,
            "frame": frame,
            "curves": curves,
            "pens": pens,
            "flat": flat_line,
            "crossing": crossing,
        }

    def pen(
        self, axes: manim.Axes, minimizer: Callable[[float, float], np.ndarray], color: str
    ) -> manim.Dot:
        """The moving point (L'(0), w*) at the tracker's c; green exactly when w* is 0.0."""

        def follow() -> tuple[np.ndarray, bool]:
            c = self.c_tracker.get_value()
            w_star = float(minimizer(c, self.data.beta))
            return axes.c2p(-c, w_star), w_star == 0.0

        return self.zero_dot(follow, color, self.DOT_RADIUS)

    def interval_marks(self, axes: manim.Axes) -> manim.VGroup:
        """Ticks at −β and β on the slope axis, labelled where no curve passes (below the
        axis left of −β, above it right of β)."""
        low, high = self.data.zero_interval
        fg, size, scale = self.colors.foreground, LABEL_SIZE, TYPE.small
        marks = manim.VGroup()
        for value, tex, key, side in (
            (low, r"-\beta =", "interval_low", manim.DOWN),
            (high, r"\beta =", "interval_high", manim.UP),
        ):
            at = axes.c2p(value, 0)
            tick = manim.Line(
                at + 0.12 * manim.DOWN, at + 0.12 * manim.UP, color=self.colors.zero, stroke_width=3
            )
            label = row(formula(tex, fg, size), self.number(value, fg, key=key, scale=scale))
            marks.add(tick, label.next_to(tick, side, buff=0.1))
        return marks

    # ------------------------------------------------------------------ fan

    def fan_panels(self, below: manim.Mobject, above: manim.Mobject) -> dict:
        """β|w| with its fan of supporting lines through the kink; βw², whose only
        supporting line at 0 is the flat tangent (every other line cuts the curve).
        The penalties are maths' objectives at c = 0 less the loss there."""
        d = self.data
        beta, (low, high) = d.beta, d.zero_interval
        slopes = np.linspace(low, high, self.FAN_LINES)
        grid, l1_at_zero, l2_at_zero = self.objective_rows()
        reach = min(1.0, float(grid[-1]))
        inside = np.abs(grid) <= reach
        w = grid[inside]
        fg, zero, size, scale = self.colors.foreground, self.colors.zero, LABEL_SIZE, TYPE.small

        labels = manim.VGroup(
            formula(r"\beta|w|", self.colors.l1),
            formula(r"\beta w^2", self.colors.l2),
        ).next_to(below, manim.DOWN, buff=2 * self.ROW_GAP)
        fan_label = row(
            text("every slope from", zero, scale),
            self.number(low, fg, key="fan_low", scale=scale),
            text("to", zero, scale),
            self.number(high, fg, key="fan_high", scale=scale),
            text("stays below", zero, scale),
        )
        tangent_label = row(
            text("only slope", zero, scale),
            self.number(0.0, fg, key="tangent_slope", scale=scale),
            text("stays below", zero, scale),
        )
        conditions = manim.VGroup(
            formula(r"w^* = 0 \Leftrightarrow |L'(0)| \leq \beta", self.colors.l1),
            formula(r"w^* = 0 \Leftrightarrow L'(0) = 0", self.colors.l2),
        )
        moral = text(
            "an inequality, not an equality", self.colors.foreground, TYPE.heading, weight="BOLD"
        ).move_to(above, aligned_edge=manim.DOWN)  # it takes the source line's place
        conditions.arrange(manim.RIGHT).next_to(moral, manim.UP, buff=self.ROW_GAP)
        notes = manim.VGroup(fan_label, tangent_label).arrange(manim.RIGHT)
        notes.next_to(conditions, manim.UP, buff=self.ROW_GAP)
        top, bottom = labels.get_bottom()[1] - self.ROW_GAP, notes.get_top()[1] + self.ROW_GAP

        axes_pair, curves = [], manim.VGroup()
        for side, color, label, at_zero, note, condition in (
            (-1, self.colors.l1, labels[0], l1_at_zero, fan_label, conditions[0]),
            (1, self.colors.l2, labels[1], l2_at_zero, tangent_label, conditions[1]),
        ):
            axes = self.plot_axes((-reach, reach), (-beta, beta), self.FAN_WIDTH, top - bottom)
            axes.move_to([self.panel_x(side), (top + bottom) / 2, 0])
            penalty = (at_zero - self.loss(grid, 0.0))[inside]
            curve = manim.VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH * 1.5)
            curve.set_points_as_corners(axes.c2p(w, penalty).T).set_z_index(1)
            curves.add(axes, curve)
            for mobject in (label, note, condition):
                mobject.match_x(axes)
            axes_pair.append(axes)
        l1_axes, l2_axes = axes_pair

        def through_kink(
            axes: manim.Axes, g: float, kind: type[manim.Line] = manim.Line
        ) -> manim.Line:
            return kind(
                axes.c2p(-reach, -g * reach),
                axes.c2p(reach, g * reach),
                stroke_width=self.FAN_STROKE,
            )

        fan = manim.VGroup(*(through_kink(l1_axes, g).set_color(zero) for g in slopes))
        cutting = manim.VGroup(
            *(
                through_kink(l2_axes, g, manim.DashedLine).set_color(self.colors.muted)
                for g in slopes
                if g != 0.0
            )
        )
        tangent = through_kink(l2_axes, 0.0).set_color(zero).set_stroke(width=4)
        ends = manim.VGroup(
            formula(r"\mathrm{slope}\ \beta", zero, size).next_to(
                l1_axes.c2p(reach, high * reach), manim.RIGHT, buff=0.1
            ),
            formula(r"\mathrm{slope}\ {-\beta}", zero, size).next_to(
                l1_axes.c2p(reach, low * reach), manim.RIGHT, buff=0.1
            ),
        )
        return {
            "curves": curves,
            "labels": labels,
            "fan": fan,
            "cutting": cutting,
            "tangent": tangent,
            "slopes": manim.VGroup(ends, notes),
            "conditions": conditions,
            "moral": moral,
        }
