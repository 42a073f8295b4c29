"""Priors: L2 is a Gaussian prior, L1 a Laplace one; the kink at 0, not the height, makes zeros."""

from __future__ import annotations

from collections.abc import Callable

import manim
import numpy as np
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, text

from whyl1 import maths, sources, stories
from whyl1.results import PriorsResult
from whyl1.theme import TYPE, number_text

PRIORS = ("gaussian", "laplace", "narrow_gaussian")
NAMES = {
    "gaussian": "Gaussian (L2)",
    "laplace": "Laplace (L1)",
    "narrow_gaussian": "narrow Gaussian",
}
SHORT_NAMES = {"gaussian": "Gaussian", "laplace": "Laplace", "narrow_gaussian": "narrow"}


class PriorsScene(StoryScene):
    """Unit-variance Gaussian against Laplace; a narrow Gaussian taller at 0 that still gives
    no zeros; the negative log-densities (the penalties), one kinked; then the MAP estimate
    as the data mean slides: the Laplace one rests on 0 over an interval, the Gaussians don't."""

    story = "priors"
    data: PriorsResult

    # Layout (Manim units)
    PLOT_WIDTH = 7.2  # just over half the frame; the legend and readouts take the rest
    EDGE_BUFF = 0.3  # between the frame's edges and the plot or the column
    COLUMN_GAP = 0.7  # between the plot and the column: room for the x axis's name
    ROW_BUFF = 0.3
    SWATCH = 0.45  # length of a legend row's colour swatch
    DENSITY_CLIP = 2.6  # densities drawn up to this many times the Laplace peak, then clipped
    PENALTY_TOP = 1.15  # penalty axis top, as a multiple of the Laplace penalty at the edge
    DIGITS = 4
    # Drawing
    CURVE_WIDTH = 4.0
    DOT_RADIUS = 0.08
    KINK_RADIUS = 0.22
    SHADE_OPACITY = 0.18
    INSIDE_FRACTION = 0.5  # first MAP pause: this far into the zero interval
    # Timing (seconds)
    INTRO_TIME = 2.0
    CURVE_TIME = 2.5
    TRANSFORM_TIME = 3.0
    PAUSE = 2.0

    def construct(self) -> None:
        self.colors_of = {
            "gaussian": self.colors.l2,
            "laplace": self.colors.l1,
            "narrow_gaussian": self.colors.accent,
        }

        # Show the two priors: Gaussian (L2) and Laplace (L1), both of unit variance. The
        # plot takes the left of the frame, the legend and readouts a column at its right.
        self.next_section("densities")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        self.plot_top = heading.get_bottom()[1] - self.ROW_BUFF - self.label_height()
        self.plot_bottom = source.get_top()[1] + self.ROW_BUFF + self.label_height()
        density_axes, top = self.density_axes()
        self.column_left = density_axes[0].get_right()[0] + self.COLUMN_GAP
        curves = {
            name: self.curve(density_axes, self.data.x, getattr(self.data, name), top, name)
            for name in PRIORS
        }
        # Each legend entry keeps a line for its p(0), shown from the next section on
        heights = {name: self.height_readout(name) for name in PRIORS}
        entries = []
        for name in PRIORS:
            entry = manim.VGroup(self.legend_row(name), heights[name])
            entry.arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=0.1)
            entries.append(entry)
            heights[name].align_to(entry[0][0][1], manim.LEFT)  # under the prior's name
        legend = self.stack(entries)
        heights_at_zero = self.data.density_at_zero
        with self.beat(
            "Regularization also has a Bayesian reading: the penalized fit is a MAP estimate. "
            "L2 is a Gaussian prior on the weight, and L1 a Laplace prior, here both of unit "
            "variance."
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.INTRO_TIME)
            self.play(manim.Create(density_axes), run_time=self.INTRO_TIME)
            beat.until("L2 is a Gaussian")
            self.play(
                manim.Create(curves["gaussian"]),
                manim.Create(curves["laplace"]),
                manim.FadeIn(legend[0][0]),
                manim.FadeIn(legend[1][0]),
                run_time=self.CURVE_TIME,
            )

        # The heights at 0: the Laplace is taller there
        self.next_section("height")
        peaks = {name: self.peak_dot(density_axes, name, top) for name in PRIORS}
        with self.beat(
            "At 0 the Laplace density is higher, "
            f"{number_text(heights_at_zero.laplace, self.DIGITS)} against "
            f"{number_text(heights_at_zero.gaussian, self.DIGITS)}. That is often given as "
            "the reason L1 makes weights exactly 0: more prior mass near 0."
        ):
            self.play(
                *(manim.FadeIn(m) for m in (peaks["gaussian"], peaks["laplace"])),
                *(manim.FadeIn(m) for m in (heights["gaussian"], heights["laplace"])),
                run_time=self.INTRO_TIME,
            )

        # A narrow Gaussian: taller at 0 than the Laplace, and still no zeros
        self.next_section("narrow")
        not_it = self.below(self.moral("density at 0", "is not the reason"), legend)
        with self.beat(
            f"But take a narrow Gaussian, with σ = {number_text(self.values['narrow_sigma'])}. "
            "It is taller at 0 still, "
            f"{number_text(heights_at_zero.narrow_gaussian, self.DIGITS)}, yet it never gives "
            "an exact 0: it is only a stronger L2 penalty. So the density at 0 is not the "
            "reason."
        ) as beat:
            self.play(
                manim.Create(curves["narrow_gaussian"]),
                manim.FadeIn(legend[2][0]),
                run_time=self.CURVE_TIME,
            )
            beat.until("It is taller")
            self.play(
                manim.FadeIn(peaks["narrow_gaussian"]),
                manim.FadeIn(heights["narrow_gaussian"]),
                run_time=self.INTRO_TIME,
            )
            beat.until("So the density")
            self.play(manim.Write(not_it), run_time=self.INTRO_TIME)

        # Switch to the negative log-densities, the penalties: one kink, two parabolas
        self.next_section("penalties")
        penalty_axes, penalty_top = self.penalty_axes()
        neg_log = self.data.neg_log
        penalties = {
            name: self.curve(penalty_axes, self.data.x, getattr(neg_log, name), penalty_top, name)
            for name in PRIORS
        }
        formulas = self.penalty_formulas()
        kink = self.kink_mark(penalty_axes)
        with self.beat(
            "Take minus the log, and the priors become the penalties. Minus log Laplace is "
            "|w|/b plus a constant, with a kink at 0. Both Gaussians become smooth parabolas, "
            "flat at 0, however narrow."
        ) as beat:
            self.play(
                manim.ReplacementTransform(density_axes, penalty_axes),
                *(manim.ReplacementTransform(curves[name], penalties[name]) for name in PRIORS),
                *(manim.FadeOut(m) for m in (*peaks.values(), legend, not_it)),
                run_time=self.TRANSFORM_TIME,
            )
            beat.until("Minus log Laplace")
            self.play(manim.FadeIn(formulas, shift=0.2 * manim.UP), run_time=self.INTRO_TIME)
            beat.until("with a kink")
            self.play(
                manim.Create(kink),
                manim.Indicate(penalties["laplace"], color=self.colors.l1),
                run_time=self.INTRO_TIME,
            )

        # The MAP estimate as the data mean slides: Laplace rests on 0 over an interval
        self.next_section("map")
        self.index = manim.ValueTracker(0)
        plot = self.map_plot()
        traces = self.map_traces(plot["axes"])
        model = self.stack([self.model_row()])
        pauses = self.pause_indices()
        last = len(self.data.map.data_mean) - 1
        stops = [index for index, _ in pauses]
        with self.beat(
            "Now estimate w from a data mean x̄, with noise s, and slide x̄ from left to right."
        ) as beat:
            self.play(
                *(manim.FadeOut(m) for m in (*penalties.values(), penalty_axes, formulas, kink)),
                run_time=self.INTRO_TIME,
            )
            self.play(
                manim.Create(plot["frame"]),
                manim.FadeIn(plot["shade"]),
                manim.FadeIn(model),
                run_time=self.INTRO_TIME,
            )
            self.add(traces)
            self.sweep(0, stops[0] if stops else last, seconds=max(beat.remaining, 1.0))
        low, high = (number_text(end, self.DIGITS) for end in self.data.map.laplace_zero_interval)
        for (index, where), following in zip(pauses, [*stops[1:], last], strict=True):
            readout = self.below(self.map_readout(index, where), model)
            if where == "inside":
                with self.beat(
                    f"Stop at x̄ = {number_text(self.data.map.data_mean[index], self.DIGITS)}: "
                    "the Laplace MAP is exactly 0. So it is for every x̄ in the shaded "
                    f"interval, from {low} to {high}. The Gaussian MAPs are small, but not 0."
                ) as beat:
                    self.play(manim.FadeIn(readout), run_time=self.INTRO_TIME)
                    beat.until("The Gaussian MAPs")
                    self.play(manim.FadeOut(readout), run_time=self.INTRO_TIME / 2)
                    self.sweep(index, following, seconds=max(beat.remaining, 1.0))
            else:
                with self.beat(
                    "Past the interval the Laplace MAP moves again, shifted by a constant, "
                    "while the Gaussian MAPs are only scaled copies of x̄."
                ) as beat:
                    self.play(manim.FadeIn(readout), run_time=self.INTRO_TIME)
                    beat.until("while the Gaussian")
                    self.play(manim.FadeOut(readout), run_time=self.INTRO_TIME / 2)
                    self.sweep(index, following, seconds=max(beat.remaining, 1.0))
        for trace in traces:
            trace.clear_updaters()

        # The takeaway: an interval of zeros against a single crossing
        self.next_section("takeaway")
        contrast = self.below(self.contrast_rows(), model)
        crossing = self.crossing_dot(plot["axes"])
        moral = self.below(self.moral("not the height at 0:", "the kink makes zeros"), contrast)
        with self.beat(
            "The Laplace MAP sits at 0 for a whole interval; the Gaussian ones pass through 0 "
            "at a single point. The kink of the log-prior, not its height at 0, makes exact "
            "zeros.",
            pause=self.PAUSE,
        ) as beat:
            self.play(
                manim.FadeOut(traces[0]),
                manim.FadeIn(contrast[:2]),
                manim.Indicate(plot["shade"], color=self.colors.zero),
                run_time=self.INTRO_TIME,
            )
            beat.until("the Gaussian ones")
            self.play(manim.FadeIn(crossing), manim.FadeIn(contrast[2:]), run_time=self.INTRO_TIME)
            beat.until("The kink")
            self.play(manim.Write(moral), run_time=self.INTRO_TIME)

    def sweep(self, start: int, end: int, seconds: float) -> None:
        """Slide the data mean from index ``start`` to ``end`` in ``seconds``."""
        if end > start:
            self.play(self.index.animate.set_value(end), run_time=seconds, rate_func=manim.linear)

    # ------------------------------------------------------------------ layout helpers

    def stack(self, rows: list[manim.Mobject]) -> manim.VGroup:
        """Rows down the right-hand column, left-aligned, from the top of the frame."""
        group = manim.VGroup(*rows).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_BUFF)
        group.to_edge(manim.UP, buff=self.EDGE_BUFF)
        return group.align_to([self.column_left, 0, 0], manim.LEFT)

    def below(self, block: manim.Mobject, anchor: manim.Mobject) -> manim.Mobject:
        """``block`` placed as the column's next block, under ``anchor``."""
        return block.next_to(anchor, manim.DOWN, buff=2 * self.ROW_BUFF, aligned_edge=manim.LEFT)

    def label_height(self) -> float:
        """Room for an axis name or an end label beside the plot."""
        return formula(r"\hat w", self.colors.muted, LABEL_SIZE).height + 0.1

    def moral(self, *lines: str) -> manim.VGroup:
        """A bold conclusion, one short line per string, so it fits the column."""
        return manim.VGroup(
            *(text(line, self.colors.foreground, TYPE.body, weight="BOLD") for line in lines)
        ).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=0.12)

    def plot_axes(self, x_max: float, y_range: tuple[float, float]) -> manim.Axes:
        """Axes at the plot's place: ``[−x_max, x_max]`` across, ``y_range`` up."""
        height = self.plot_top - self.plot_bottom
        axes = super().plot_axes((-x_max, x_max), y_range, self.PLOT_WIDTH, height)
        axes.to_edge(manim.LEFT, buff=self.EDGE_BUFF)
        return axes.set_y((self.plot_top + self.plot_bottom) / 2)

    def axis_labels(self, axes: manim.Axes, x_tex: str, y_tex: str) -> manim.VGroup:
        """Axis names: right of the horizontal axis, above the vertical one, clear of curves."""
        x_label = formula(x_tex, self.colors.muted, LABEL_SIZE)
        x_label.next_to(axes.x_axis.get_end(), manim.RIGHT, buff=0.12)
        y_label = formula(y_tex, self.colors.muted, LABEL_SIZE)
        y_label.next_to(axes.y_axis.get_end(), manim.UP, buff=0.1)
        return manim.VGroup(x_label, y_label)

    # ------------------------------------------------------------------ densities

    def density_axes(self) -> tuple[manim.VGroup, float]:
        """Densities on ``[−x_max, x_max]``; the top leaves room for the narrow Gaussian's
        peak, clipped at ``DENSITY_CLIP`` times the Laplace peak for very narrow ones."""
        heights = self.data.density_at_zero
        tallest = max(getattr(heights, name) for name in PRIORS)
        top = min(tallest, self.DENSITY_CLIP * heights.laplace) * 1.08
        axes = self.plot_axes(float(self.data.x[-1]), (0.0, top))
        return manim.VGroup(axes, self.axis_labels(axes, "w", "p(w)")), top

    def curve(
        self, axes: manim.VGroup, x: np.ndarray, y: np.ndarray, top: float, name: str
    ) -> manim.VMobject:
        """``y`` against ``x`` in the prior's colour, cut where it leaves the axes' top."""
        plane = axes[0]
        curve = manim.VMobject(stroke_color=self.colors_of[name], stroke_width=self.CURVE_WIDTH)
        inside = y <= top
        breaks = np.flatnonzero(np.diff(inside.astype(int))) + 1
        for run_x, run_y, keep in zip(
            np.split(x, breaks), np.split(y, breaks), np.split(inside, breaks), strict=True
        ):
            if keep[0] and len(run_x) >= 2:
                points = plane.c2p(run_x, run_y).T
                curve.start_new_path(points[0])
                curve.add_points_as_corners(points[1:])
        return curve

    def peak_dot(self, axes: manim.VGroup, name: str, top: float) -> manim.Dot:
        """The density at 0, as a dot on the curve (at the top edge if the peak is clipped)."""
        height = min(getattr(self.data.density_at_zero, name), top)
        return manim.Dot(
            axes[0].c2p(0, height), radius=self.DOT_RADIUS * 1.3, color=self.colors_of[name]
        ).set_z_index(2)

    def legend_row(self, name: str) -> manim.VGroup:
        """Swatch and name, with the prior's scale underneath (from the data) in small type."""
        color, small, muted = self.colors_of[name], TYPE.small, self.colors.muted
        swatch = manim.Line(manim.ORIGIN, self.SWATCH * manim.RIGHT, color=color, stroke_width=6)
        title = manim.VGroup(swatch, text(NAMES[name], color, TYPE.label)).arrange(
            manim.RIGHT, buff=0.15
        )
        if name == "gaussian":
            detail = [text("unit variance", muted, small)]
        elif name == "laplace":
            detail = [
                text("unit variance · b =", muted, small),
                self.number(
                    self.data.laplace_scale,
                    muted,
                    key="laplace_scale",
                    scale=small,
                    digits=self.DIGITS,
                ),
            ]
        else:
            detail = [
                text("σ =", muted, small),
                self.number(
                    self.values["narrow_sigma"],
                    muted,
                    key="narrow_sigma",
                    scale=small,
                    digits=self.DIGITS,
                ),
            ]
        details = manim.VGroup(*detail).arrange(manim.RIGHT, buff=0.12)
        details.next_to(title[1], manim.DOWN, buff=0.1, aligned_edge=manim.LEFT)
        return manim.VGroup(title, details)

    def height_readout(self, name: str) -> manim.VGroup:
        """``p(0) = …`` for one prior, in its colour, from the data."""
        color = self.colors_of[name]
        return row(
            formula("p(0) =", color),
            self.number(
                getattr(self.data.density_at_zero, name),
                color,
                key=f"density_at_zero_{name}",
                scale=TYPE.label,
                digits=self.DIGITS,
            ),
            buff=0.15,
        )

    # ------------------------------------------------------------------ penalties

    def penalty_axes(self) -> tuple[manim.VGroup, float]:
        """Negative log-densities; the top is a little above the Laplace penalty at the edge
        (the parabolas leave through it), the bottom at or below the lowest minimum."""
        neg_log = self.data.neg_log
        top = self.PENALTY_TOP * float(neg_log.laplace.max())
        bottom = min(0.0, *(float(getattr(neg_log, name).min()) for name in PRIORS))
        axes = self.plot_axes(float(self.data.x[-1]), (bottom, top))
        return manim.VGroup(axes, self.axis_labels(axes, "w", r"-\log p(w)")), top

    def penalty_formulas(self) -> manim.VGroup:
        """Each −log p written out, in the prior's colour, down the right column."""
        return self.stack(
            [
                formula(r"-\log p = \frac{|w|}{b} + \mathrm{const}", self.colors.l1),
                text("a kink at 0", self.colors.l1, TYPE.label),
                formula(r"-\log p = \frac{w^2}{2} + \mathrm{const}", self.colors.l2),
                formula(r"-\log p = \frac{w^2}{2\sigma^2} + \mathrm{const}", self.colors.accent),
                text("smooth, flat at 0", self.colors.foreground, TYPE.label),
            ]
        )

    def kink_mark(self, axes: manim.VGroup) -> manim.Circle:
        """A ring around the Laplace penalty's corner at w = 0."""
        vertex = float(maths.laplace_neg_log_pdf(0.0, self.data.laplace_scale))
        ring = manim.Circle(radius=self.KINK_RADIUS, color=self.colors.l1, stroke_width=3)
        return ring.move_to(axes[0].c2p(0, vertex))

    # ------------------------------------------------------------------ MAP sweep

    def map_plot(self) -> dict:
        """MAP estimate against the data mean, with the Laplace zero interval shaded and its
        ends labelled under the axes."""
        m = self.data.map
        means = m.data_mean
        reach = max(float(np.max(np.abs(getattr(m, name)))) for name in PRIORS)
        axes = self.plot_axes(float(np.max(np.abs(means))), (-reach, reach))
        labels = self.axis_labels(axes, r"\bar x", r"\hat w_{\mathrm{MAP}}")

        low, high = m.laplace_zero_interval
        shown_low, shown_high = max(low, float(means[0])), min(high, float(means[-1]))
        corner_low, corner_high = axes.c2p(shown_low, -reach), axes.c2p(shown_high, reach)
        shade = manim.Rectangle(
            width=corner_high[0] - corner_low[0],
            height=corner_high[1] - corner_low[1],
            stroke_width=0,
            fill_color=self.colors.zero,
            fill_opacity=self.SHADE_OPACITY,
        ).move_to((corner_low + corner_high) / 2)
        ends = manim.VGroup()
        for value, key, edge in (
            (low, "zero_interval_low", shown_low),
            (high, "zero_interval_high", shown_high),
        ):
            label = self.number(
                value, self.colors.foreground, key=key, scale=TYPE.small, digits=self.DIGITS
            )
            ends.add(label.next_to(axes.c2p(edge, -reach), manim.DOWN, buff=0.1))
        return {
            "axes": axes,
            "frame": manim.VGroup(axes, labels),
            "shade": manim.VGroup(shade, ends),
        }

    def current(self) -> int:
        """The data-mean index the sweep has reached."""
        return round(self.index.get_value())

    def map_traces(self, axes: manim.Axes) -> manim.VGroup:
        """Each MAP curve drawn up to the tracker's data mean with a dot at its head, and a
        dashed guide at x̄. Where the Laplace MAP is exactly 0.0 (no tolerance) its curve and
        dot take the zero colour."""
        m = self.data.map
        means = m.data_mean
        reach = axes.y_range[1]
        guide = manim.DashedLine(
            axes.c2p(0, -reach), axes.c2p(0, reach), color=self.colors.muted, stroke_width=2
        )
        guide.add_updater(
            lambda g: g.put_start_and_end_on(
                axes.c2p(means[self.current()], -reach), axes.c2p(means[self.current()], reach)
            )
        )
        group = manim.VGroup(guide)
        indices = np.arange(len(means))
        for name in ("narrow_gaussian", "gaussian", "laplace"):  # Laplace on top: its zeros
            values, color = getattr(m, name), self.colors_of[name]
            zeros = np.flatnonzero(values == 0.0) if name == "laplace" else np.array([], int)
            if zeros.size:  # three pieces sharing their ends: moving, resting on 0, moving
                pieces = [
                    (indices <= zeros[0], color),
                    ((indices >= zeros[0]) & (indices <= zeros[-1]), self.colors.zero),
                    (indices >= zeros[-1], color),
                ]
            else:
                pieces = [(indices >= 0, color)]
            for mask, shade in pieces:
                curve = manim.VMobject(stroke_color=shade, stroke_width=self.CURVE_WIDTH)
                group.add(curve.add_updater(self.tracer(axes, means, values, mask)))
            dot = manim.Dot(radius=self.DOT_RADIUS * 1.3).set_z_index(2)
            group.add(dot.add_updater(self.head(axes, means, values, color)))
        group.update()
        return group

    def tracer(
        self, axes: manim.Axes, means: np.ndarray, values: np.ndarray, mask: np.ndarray
    ) -> Callable[[manim.VMobject], None]:
        """Updater drawing the masked part of a MAP curve swept so far."""

        def update(curve: manim.VMobject) -> None:
            shown = mask & (np.arange(len(means)) <= self.current())
            if shown.sum() >= 2:
                curve.set_points_as_corners(axes.c2p(means[shown], values[shown]).T)
            else:
                curve.clear_points()

        return update

    def head(
        self, axes: manim.Axes, means: np.ndarray, values: np.ndarray, color: str
    ) -> Callable[[manim.Dot], None]:
        """Updater placing a MAP curve's dot at the current data mean."""

        def update(dot: manim.Dot) -> None:
            i = self.current()
            dot.move_to(axes.c2p(means[i], values[i]))
            dot.set_color(self.colors.zero if values[i] == 0.0 else color)

        return update

    def pause_indices(self) -> list[tuple[int, str]]:
        """Where the sweep stops to read the numbers: a data mean where the Laplace MAP is
        exactly 0 (about ``INSIDE_FRACTION`` into the interval), and one past the interval
        where it is not. Either is left out if the grid has no such point."""
        m = self.data.map
        means, laplace = m.data_mean, m.laplace
        high = m.laplace_zero_interval[1]
        pauses = []
        for where, candidates, target in (
            ("inside", (laplace == 0.0) & (means > 0), self.INSIDE_FRACTION * high),
            ("outside", laplace > 0.0, (high + means[-1]) / 2),
        ):
            if candidates.any():
                pick = np.flatnonzero(candidates)
                pauses.append((int(pick[np.argmin(np.abs(means[pick] - target))]), where))
        return pauses

    def model_row(self) -> manim.VGroup:
        """The data model: x̄ ~ N(w, s²) with s from the parameters."""
        fg = self.colors.foreground
        return row(
            formula(r"\bar x \sim N(w, s^2),\ \ s =", fg),
            self.number(self.values["noise_sd"], fg, key="noise_sd", scale=TYPE.label),
            buff=0.15,
        )

    def map_readout(self, index: int, where: str) -> manim.VGroup:
        """x̄ and the three MAP estimates at one pause, built once from the data; an exact 0
        in the zero colour."""
        m, scale, fg = self.data.map, TYPE.label, self.colors.foreground
        mean = self.number(
            m.data_mean[index], fg, key=f"map_mean_{where}", scale=scale, digits=self.DIGITS
        )
        rows = [row(formula(r"\bar x =", fg), mean, buff=0.15)]
        for name in ("laplace", "gaussian", "narrow_gaussian"):
            value, color = getattr(m, name)[index], self.colors_of[name]
            estimate = self.number(
                value,
                self.tint(value, color),
                key=f"map_{name}_{where}",
                scale=scale,
                digits=self.DIGITS,
            )
            rows.append(row(text(f"{SHORT_NAMES[name]} MAP:", color, scale), estimate, buff=0.15))
        return manim.VGroup(*rows).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_BUFF)

    def contrast_rows(self) -> manim.VGroup:
        """What the sweep showed, in words: an interval of zeros against a single point."""
        scale = TYPE.label
        rows = manim.VGroup(
            text("Laplace MAP: exactly 0", self.colors.l1, scale),
            text("on a whole interval", self.colors.l1, scale),
            text("Gaussian MAPs: 0 only", self.colors.l2, scale),
            text("at a single point", self.colors.l2, scale),
        ).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=0.12)
        rows[2:].shift(self.ROW_BUFF * manim.DOWN)
        return rows

    def crossing_dot(self, axes: manim.Axes) -> manim.Circle:
        """A ring where the Gaussian MAP lines cross 0: the single data mean x̄ = 0."""
        at_zero = float(maths.map_gaussian_prior(0.0, self.values["noise_sd"], 1.0))
        ring = manim.Circle(radius=self.KINK_RADIUS, color=self.colors.l2, stroke_width=3)
        return ring.move_to(axes.c2p(0, at_zero))
