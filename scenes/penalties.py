"""Two penalties: |w| against ½w², their slopes as the pull toward 0, and where L1 charges more."""

from __future__ import annotations

from collections.abc import Callable

import manim
import numpy as np
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, swept_curve, text

from whyl1 import maths, sources, stories
from whyl1.results import PenaltiesResult
from whyl1.theme import TYPE, number_text


class PenaltiesScene(StoryScene):
    """The lecture's opening: |w| and ½w² side by side with their slopes; a tangent slides
    toward 0 on each, L1's slope sign(w) keeping its size, L2's w fading; the band where
    L1 charges a small weight more; and the question the lecture answers."""

    story = "penalties"
    data: PenaltiesResult

    # Layout (Manim units)
    PANEL_WIDTH = 5.9
    PANEL_GAP = 1.1  # between the panels: room for the left one's w and the right one's 0
    ROW_GAP = 0.15  # between rows of text, and between text and a panel
    AXIS_LABEL_ROOM = 0.4  # under a panel's w axis, for the values at its ends
    Y_ROOM = 1.12  # the penalty axis reaches this multiple of the highest penalty drawn
    # Drawing
    CURVE_WIDTH = 5.0
    TANGENT_WIDTH = 3.5
    TANGENT_LENGTH = 2.4  # on screen, whatever the slope
    TANGENT_DIP = 0.04  # below the w axis, as a fraction of the penalty axis's height
    DOT_RADIUS = 0.08
    BAND_OPACITY = 0.22
    # Timing (seconds): the rest is fitted to the speech
    DRAW_TIME = 1.0  # at least, for a curve or a label drawn over the end of a beat
    FLASH_TIME = 0.8
    PAUSE = 1.5  # of silence after the question

    def construct(self) -> None:
        d = self.data
        self.w_max = float(d.w[-1])
        self.w = manim.ValueTracker(float(d.tangent_at[0]))  # where the tangents touch

        # The two penalties, drawn together
        self.next_section("penalties")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        readouts = self.readouts()
        costs = self.small_weight_costs()  # later in the readouts' row, and taller
        row_height = max(readouts.height, costs.height)
        top = heading.get_bottom()[1] - 2 * self.ROW_GAP
        bottom = source.get_top()[1] + 3 * self.ROW_GAP + row_height + self.AXIS_LABEL_ROOM
        self.penalty_axes, penalty_frame = self.penalty_panel(top, bottom)
        self.slope_axes, slope_frame = self.slope_panel(top, bottom)
        legends = self.legends()
        readouts.next_to(
            manim.VGroup(penalty_frame, slope_frame), manim.DOWN, buff=2 * self.ROW_GAP
        )
        readouts.shift((row_height - readouts.height) / 2 * manim.DOWN)
        self.place_readouts(readouts)
        costs.move_to(self.stop_readouts[0][0]).set_x(self.panel_x(-1))
        curves = self.penalty_curves()
        with self.beat(
            "Two penalties on a weight w. L1, the lasso's, charges |w|; L2, ridge's, charges ½w²."
        ) as beat:
            beat.play_until(
                "L1, the lasso's",
                manim.Write(heading),
                manim.FadeIn(source),
                manim.Create(penalty_frame),
                manim.FadeIn(legends[0]),
            )
            beat.play_until("L2, ridge's", manim.Create(curves[0]))
            self.play(manim.Create(curves[1]), run_time=max(beat.remaining, self.DRAW_TIME))

        # Their slopes: the pull each puts on w toward 0, at the far end first
        tangents = self.tangents()
        traces = self.slope_traces()
        first = self.stop_readouts[0]
        with self.beat(
            "A penalty's slope is its pull toward 0. Slide a tangent down each curve, and "
            "plot its slope on the right."
        ) as beat:
            beat.play_until("Slide a tangent", manim.Create(slope_frame), manim.FadeIn(legends[1]))
            beat.play_until("and plot", manim.Create(tangents))
            self.play(
                manim.FadeIn(traces, readouts, first), run_time=max(beat.remaining, self.DRAW_TIME)
            )

        # Slide toward 0, stop by stop: sign(w) keeps its size, w fades. Each stop is
        # reached, and its numbers shown, as the narration says its w
        self.next_section("slide")
        shown = first
        with self.beat(self.slide_script()) as beat:
            for index in range(1, len(d.tangent_at)):
                beat.play_until(
                    f"w = {number_text(d.tangent_at[index])}",
                    self.w.animate.set_value(float(d.tangent_at[index])),
                    rate_func=manim.smooth,
                )
                self.remove(shown)
                shown = self.stop_readouts[index]
                self.add(shown)
            # L1's slope dot as its full size is said, L2's as its fading is
            for phrase, dot in (("L1's pull", tangents[2]), ("L2's fades", tangents[5])):
                beat.until(phrase)
                self.play(manim.Flash(dot, color=dot.get_color()), run_time=self.FLASH_TIME)

        # The band where L1 charges more than L2
        self.next_section("band")
        band = self.band(legend=legends[0])
        edge = number_text(d.l1_above_l2[1])
        with self.beat(
            f"In the shaded band, wherever |w| < {edge}, L1 charges a small weight more than L2 "
            "does."
        ) as beat:
            beat.play_until(f"wherever |w| < {edge}", manim.FadeIn(band["fill"]))
            self.play(manim.Write(band["label"]), run_time=max(beat.remaining, self.DRAW_TIME))
        at, l1_cost, l2_cost = (number_text(v[-1]) for v in (d.tangent_at, d.l1_at, d.l2_at))
        with self.beat(f"At w = {at}, L1 charges {l1_cost}, and L2 only {l2_cost}.") as beat:
            self.play(
                manim.FadeOut(shown[0], readouts[0]), manim.FadeIn(costs), run_time=self.FLASH_TIME
            )
            # each touch dot flashes as its penalty's charge is said
            for phrase, dot in (("L1 charges", tangents[1]), ("L2 only", tangents[4])):
                beat.until(phrase)
                self.play(manim.Flash(dot, color=dot.get_color()), run_time=self.FLASH_TIME)

        # The question the lecture answers
        self.next_section("question")
        fg = self.colors.foreground
        question = manim.VGroup(
            text("Why does L1 regularization give exact zeros,", fg, TYPE.body, weight="BOLD"),
            text("and L2 does not?", fg, TYPE.body, weight="BOLD"),
        ).arrange(manim.DOWN, buff=self.ROW_GAP)
        under_panels = min(m.get_bottom()[1] for m in (penalty_frame, slope_frame))
        question.next_to([0, under_panels, 0], manim.DOWN, buff=2 * self.ROW_GAP)
        with self.beat(
            "So: why does L1 regularization give exact zeros, and L2 does not?",
            pause=self.PAUSE,
        ) as beat:
            self.play(
                manim.FadeOut(costs, readouts[1:], shown[1:], source, tangents),
                run_time=self.FLASH_TIME,
            )
            beat.play_until("and L2", manim.Write(question[0]))
            self.play(manim.Write(question[1]), run_time=self.FLASH_TIME)
            self.play(
                manim.Circumscribe(question, color=self.colors.l1),
                run_time=max(beat.remaining, self.DRAW_TIME),
            )

    def slide_script(self) -> str:
        """What is said as the tangents slide toward 0: each stop's w and both slopes
        there, then what they show."""
        d = self.data
        stops = [
            [number_text(v[index]) for v in (d.tangent_at, d.l1_slope_at, d.l2_slope_at)]
            for index in range(1, len(d.tangent_at))
        ]
        (at, l1, l2), *middle, (last_at, last_l1, last_l2) = stops
        said = [f"Now slide toward 0. At w = {at}, the slopes are {l1} and {l2}."]
        said += [f"At w = {at}: {l1} and {l2}." for at, l1, l2 in middle]
        said.append(
            f"At w = {last_at}, sign(w) is still {last_l1}, but w is only {last_l2}. L1's pull "
            "keeps its full size; L2's fades with the weight."
        )
        return " ".join(said)

    # ------------------------------------------------------------------ panels

    def panel_x(self, side: int) -> float:
        """The centre of the left (``side`` −1) or right (1) panel."""
        return side * (self.PANEL_WIDTH + self.PANEL_GAP) / 2

    def legends(self) -> manim.VGroup:
        """What each panel shows, in the curves' colours, inside the panel where its
        curves leave room: over the middle of the penalties (above both curves there) and
        in the slopes' upper left quadrant (no slope of a negative weight is positive).
        Each hides the axis line behind it."""
        c = self.colors
        penalty = row(
            text("penalty", c.muted, TYPE.label),
            text("L1", c.l1, TYPE.label, weight="BOLD"),
            formula("|w|", c.l1),
            text("L2", c.l2, TYPE.label, weight="BOLD"),
            formula(r"\frac{1}{2}w^2", c.l2),
            buff=0.2,
        )
        # One baseline, the words': the fraction reaches lower than the rest of its row
        for part in (penalty[1], penalty[3]):
            part.align_to(penalty[0], manim.DOWN)
        penalty.move_to(self.penalty_axes.get_top(), aligned_edge=manim.UP)
        slope = manim.VGroup(
            text("slope", c.muted, TYPE.label),
            row(formula(r"\mathrm{sign}(w)", c.l1), formula("w", c.l2), buff=0.3),
        ).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_GAP)
        slope.move_to(
            self.slope_axes.get_corner(manim.UP + manim.LEFT), aligned_edge=manim.UP + manim.LEFT
        )
        for legend in (penalty, slope):
            legend.add_background_rectangle(color=c.background, opacity=1.0, buff=0.06)
        return manim.VGroup(penalty, slope)

    def penalty_panel(self, top: float, bottom: float) -> tuple[manim.Axes, manim.VGroup]:
        """Axes of the penalties over the story's w range, from 0 up."""
        d = self.data
        y_top = self.Y_ROOM * float(max(d.l1.max(), d.l2.max()))
        axes = self.plot_axes(
            (-self.w_max, self.w_max), (0.0, y_top), self.PANEL_WIDTH, top - bottom
        )
        axes.move_to([self.panel_x(-1), (top + bottom) / 2, 0])
        return axes, manim.VGroup(axes, *self.w_labels(axes, "penalty"))

    def slope_panel(self, top: float, bottom: float) -> tuple[manim.Axes, manim.VGroup]:
        """Axes of the slopes: symmetric about 0, reaching the largest slope drawn."""
        d = self.data
        reach = self.Y_ROOM * float(max(np.abs(d.l1_gradient).max(), np.abs(d.l2_gradient).max()))
        axes = self.plot_axes(
            (-self.w_max, self.w_max), (-reach, reach), self.PANEL_WIDTH, top - bottom
        )
        axes.move_to([self.panel_x(1), (top + bottom) / 2, 0])
        # sign(w)'s two levels, each on the side of the slope axis its branch leaves free
        size = float(np.abs(d.l1_gradient).max())
        levels = [
            self.number(
                sign * size, self.colors.muted, key=f"slope_level_{end}", scale=TYPE.small
            ).next_to(axes.c2p(0, sign * size), -sign * manim.RIGHT, buff=0.12)
            for sign, end in ((1, "high"), (-1, "low"))
        ]
        return axes, manim.VGroup(axes, *self.w_labels(axes, "slope"), *levels)

    def w_labels(self, axes: manim.Axes, name: str) -> list[manim.Mobject]:
        """The w axis's name at its right end, and its two ends' values under them."""
        muted = self.colors.muted
        label = formula("w", muted, LABEL_SIZE).next_to(axes.x_axis, manim.RIGHT, buff=0.12)
        ends = [
            self.number(sign * self.w_max, muted, key=f"{name}_w_{end}", scale=TYPE.small).next_to(
                axes.c2p(sign * self.w_max, 0), manim.DOWN, buff=0.12
            )
            for sign, end in ((-1, "low"), (1, "high"))
        ]
        return [label, *ends]

    def penalty_curves(self) -> manim.VGroup:
        d = self.data
        return manim.VGroup(
            *(
                manim.VMobject(
                    stroke_color=color, stroke_width=self.CURVE_WIDTH
                ).set_points_as_corners(self.penalty_axes.c2p(d.w, values).T)
                for values, color in ((d.l1, self.colors.l1), (d.l2, self.colors.l2))
            )
        )

    # ------------------------------------------------------------------ tangents

    def tangents(self) -> manim.VGroup:
        """L1's tangent group, then L2's (see ``tangent``): line, touch dot, slope dot."""
        return manim.VGroup(
            *self.tangent(maths.l1_penalty, maths.l1_subgradient, self.colors.l1),
            *self.tangent(maths.l2_penalty, maths.l2_gradient, self.colors.l2),
        )

    def tangent(self, penalty: Callable, slope: Callable, color: str) -> manim.VGroup:
        """On the penalty, its tangent at the tracker's w (a fixed length on screen) and a
        dot where it touches; on the slope panel, a dot at the slope it has. Penalty and
        slope come from maths at every frame."""

        def at() -> tuple[float, float, float]:
            w = self.w.get_value()
            return w, float(penalty(w)), float(slope(w))

        axes = self.penalty_axes
        y_low, y_high = axes.y_range[:2]
        floor = y_low - self.TANGENT_DIP * (y_high - y_low)

        def place_line(line: manim.Line) -> None:
            # From the touch point half TANGENT_LENGTH each way on screen, cut where it
            # would leave the panel (a little dip below the w axis is kept, so L1's
            # tangent is seen to run on through the kink)
            w, value, rise = at()
            unit = np.linalg.norm(axes.c2p(w + 1.0, value + rise) - axes.c2p(w, value))
            reach = 0.5 * self.TANGENT_LENGTH / unit  # in w
            t = np.array([-1.0, 1.0])
            if rise != 0.0:
                limits = np.sort(
                    [(floor - value) / (reach * rise), (y_high - value) / (reach * rise)]
                )
                t = np.clip(t, *limits)
            ends = axes.c2p(w + t * reach, value + t * reach * rise)
            line.put_start_and_end_on(ends[:, 0], ends[:, 1])

        line = manim.Line(
            manim.LEFT, manim.RIGHT, color=self.colors.foreground, stroke_width=self.TANGENT_WIDTH
        )
        touch = manim.Dot(radius=self.DOT_RADIUS, color=color).set_z_index(2)
        reading = manim.Dot(radius=self.DOT_RADIUS, color=color).set_z_index(2)
        touch.add_updater(lambda m: m.move_to(self.penalty_axes.c2p(*at()[:2])))
        reading.add_updater(lambda m: m.move_to(self.slope_axes.c2p(at()[0], at()[2])))
        line.add_updater(place_line)
        group = manim.VGroup(line, touch, reading)
        group.update()
        return group

    def slope_traces(self) -> manim.VGroup:
        """The slopes traced from the far end down to the tracker's w, as it slides."""
        d = self.data

        def passed() -> np.ndarray:
            return d.w >= self.w.get_value()

        return manim.VGroup(
            swept_curve(
                self.slope_axes, d.w, d.l1_gradient, passed, self.colors.l1, self.CURVE_WIDTH
            ),
            swept_curve(
                self.slope_axes, d.w, d.l2_gradient, passed, self.colors.l2, self.CURVE_WIDTH
            ),
        )

    # ------------------------------------------------------------------ readouts

    def readouts(self) -> manim.VGroup:
        """Under the panels: where the tangents touch (left) and the two slopes there
        (right), one set of numbers per stop, built in advance and swapped in on arrival.
        Returns the labels; the numbers of stop k are ``self.stop_readouts[k]``."""
        d, c, scale = self.data, self.colors, TYPE.label
        labels = manim.VGroup(
            formula("w =", c.foreground),
            formula(r"\mathrm{sign}(w) =", c.l1),
            formula("w =", c.l2),
        )
        self.stop_readouts = [
            manim.VGroup(
                self.number(at, c.foreground, key=f"tangent_at_{k}", scale=scale),
                self.number(l1, c.l1, key=f"l1_slope_{k}", scale=scale),
                self.number(l2, c.l2, key=f"l2_slope_{k}", scale=scale),
            )
            for k, (at, l1, l2) in enumerate(
                zip(d.tangent_at, d.l1_slope_at, d.l2_slope_at, strict=True)
            )
        ]
        return labels

    def place_readouts(self, labels: manim.VGroup) -> None:
        """Each label under its panel with its numbers after it, every stop's numbers on
        the first one's left edge and baseline."""
        widest = [max(numbers[i].width for numbers in self.stop_readouts) for i in range(3)]
        slope_row = labels[1:]
        for label, x in ((labels[0], self.panel_x(-1)), (slope_row, self.panel_x(1))):
            label.set_x(x)
        labels[1].shift((widest[1] + 1.0) / 2 * manim.LEFT)
        labels[2].next_to(labels[1], manim.RIGHT, buff=widest[1] + 0.9)
        labels[0].shift(widest[0] / 2 * manim.LEFT)
        for numbers in self.stop_readouts:
            for number, label in zip(numbers, labels, strict=True):
                number.next_to(label, manim.RIGHT, buff=0.15)
                number.align_to(self.stop_readouts[0][0], manim.DOWN)

    def small_weight_costs(self) -> manim.VGroup:
        """What each penalty charges at the last stop (shown where the left readout was)."""
        d, c, scale = self.data, self.colors, TYPE.label
        costs = row(
            row(
                formula("w =", c.foreground),
                self.number(d.tangent_at[-1], c.foreground, key="cost_at", scale=scale),
            ),
            row(
                formula("|w| =", c.l1),
                self.number(d.l1_at[-1], c.l1, key="l1_cost", scale=scale),
            ),
            row(
                formula(r"\frac{1}{2}w^2 =", c.l2),
                self.number(d.l2_at[-1], c.l2, key="l2_cost", scale=scale),
            ),
            buff=0.45,
        )
        for part in costs:  # numbers on the baseline of "w =", whatever their label's height
            part[1].align_to(costs[0][1], manim.DOWN)
        return costs

    # ------------------------------------------------------------------ band

    def band(self, legend: manim.Mobject) -> dict[str, manim.Mobject]:
        """The lens between the curves where |w| > ½w², and the inequality with the
        interval's edge in the empty space above it, under the panel's ``legend``."""
        d, axes, c = self.data, self.penalty_axes, self.colors
        low, high = (float(v) for v in d.l1_above_l2)
        inside = (d.w >= low) & (d.w <= high)
        w = d.w[inside]
        outline = np.vstack([axes.c2p(w, d.l1[inside]).T, axes.c2p(w[::-1], d.l2[inside][::-1]).T])
        fill = manim.Polygon(
            *outline, stroke_width=0, fill_color=c.l1, fill_opacity=self.BAND_OPACITY
        )
        edge = row(
            text("for", c.l1, TYPE.label),
            formula("|w| <", c.l1),
            self.number(high, c.l1, key="band_edge", scale=TYPE.label),
        )
        edge[2].align_to(edge[0], manim.DOWN)
        label = manim.VGroup(formula(r"|w| > \frac{1}{2}w^2", c.l1), edge)
        label.arrange(manim.DOWN, buff=self.ROW_GAP)
        # Over the middle of the panel, under the legend and above both curves, hiding the
        # penalty axis there
        label.next_to(legend, manim.DOWN, buff=2 * self.ROW_GAP)
        label.add_background_rectangle(color=c.background, opacity=1.0, buff=0.06)
        return {"fill": fill, "label": label}
