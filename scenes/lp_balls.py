"""Unit balls: as p grows from ½ to ∞ the touch point leaves the axis just when the corners go."""

from __future__ import annotations

import math

import manim
import numpy as np
from whyl1.scenes.beat import Beat
from whyl1.scenes.common import (
    LABEL_SIZE,
    StoryScene,
    beta_plane,
    formula,
    loss_contour,
    point_readout,
    swept_curve,
    text,
)

from whyl1 import maths, sources, stories
from whyl1.maths import BallSolution
from whyl1.results import LpBallsResult
from whyl1.theme import TYPE, number_text


def p_text(p: float) -> str:
    """``p`` as written on screen and in the narration: ∞ for the max norm."""
    return "∞" if math.isinf(p) else number_text(p)


class LpBallsScene(StoryScene):
    """Morph the unit ball |β₁|^p + |β₂|^p ≤ 1 from p = ½ through 1, 2 and ∞, and into the
    elastic net, with the loss ellipse around β̂ always grown to touch it: the touch point
    sits exactly on an axis while the ball has corners there, and leaves it once smooth."""

    story = "lp-balls"
    data: LpBallsResult

    # Layout (Manim units)
    PAD = 0.3  # β units around the balls and β̂
    GRID_STEP = 0.5  # β units between grid lines; the view box snaps to it
    PLANE_WIDTH = 5.0  # at most; a β̂ far to the side makes the plane wide
    COLUMN_GAP = 0.6  # between the plane and the right-hand column
    GRAPH_HEIGHT = 1.8
    ROW_GAP = 0.12
    DIGITS = 4
    EDGE = 0.3  # between the frame's sides and what is drawn
    # Drawing
    BALL_POINTS = 401  # along the morphing ball
    BALL_WIDTH = 4.0
    BALL_OPACITY = 0.15
    GHOST_WIDTH = 2.0  # the balls left behind at each stop
    GHOST_OPACITY = 0.45
    CONTOUR_FRACTIONS = (0.3, 0.6, 1.0)  # of the touching level; 1 is the touching one
    DOT_RADIUS = 0.09
    CURVE_WIDTH = 4.0
    # Timing (seconds): the rest is fitted to the speech
    DRAW_TIME = 1.0  # at least, for what is drawn over the end of a beat
    FLASH_TIME = 0.8
    READOUT_TIME = 0.6
    PAUSE = 1.0  # of silence after the moral

    def construct(self) -> None:
        d = self.data
        self.inverse_p = manim.ValueTracker(1.0 / d.touches.ps[0])  # the morph runs evenly in 1/p
        self.alpha = manim.ValueTracker(0.0)  # the elastic net's mix, once the morph reaches it
        self.elastic = False  # which ball is drawn: the Lp ball or the elastic net's
        self.level = manim.ValueTracker(0.0)  # the growing contour's level, until it touches
        self._cached: tuple[tuple[bool, float], BallSolution] | None = None

        # Lay out: the plane on the left, under the title; on the right the ball's formula,
        # the graph of the touch point's distance to the axes and the table of touch points
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        top = heading.get_bottom()[1] - 2 * self.ROW_GAP
        bottom = source.get_top()[1] + 2 * self.ROW_GAP
        self.plane = self.make_plane(top, bottom)
        column_left = self.plane.get_right()[0] + self.COLUMN_GAP
        right_edge = manim.config.frame_width / 2 - self.EDGE
        ball_formula = formula(r"|\beta_1|^p + |\beta_2|^p \leq 1", self.colors.foreground)
        ball_formula.move_to([column_left, heading.get_y(), 0], aligned_edge=manim.LEFT)
        centre_readout = point_readout(
            self, r"\hat\beta =", d.center, self.colors.loss, key="center", digits=self.DIGITS
        )
        centre_readout.move_to([right_edge, heading.get_y(), 0], aligned_edge=manim.RIGHT)
        self.graph, graph_frame = self.make_graph(
            left=column_left, right=right_edge, top=ball_formula.get_bottom()[1] - self.ROW_GAP
        )
        table = self.table(below=graph_frame)
        self.callout: manim.Mobject | None = None  # a stop's readout on the graph, while shown

        # The first ball, p = ½, and the loss's minimum outside it
        self.next_section("balls")
        ball = self.ball()
        centre = self.centre_marker()
        with self.beat(
            f"Here is the unit ball for p = {p_text(d.touches.ps[0])}: a star, with its corners "
            "on the axes."
        ) as beat:
            beat.play_until(
                "a star",
                manim.Write(heading),
                manim.FadeIn(source),
                manim.Create(self.plane),
                manim.FadeIn(ball_formula),
            )
            self.play(manim.Create(ball), run_time=max(beat.remaining, self.DRAW_TIME))
        centre_at = ", ".join(number_text(v) for v in d.center)
        with self.beat(
            f"A loss is smallest at β̂ = ({centre_at}). The graph tracks the touch point's "
            "distance to an axis."
        ) as beat:
            beat.play_until("The graph", manim.FadeIn(centre), manim.FadeIn(centre_readout))
            self.play(manim.Create(graph_frame), run_time=max(beat.remaining, self.DRAW_TIME))

        # Grow the ellipses until they touch: a corner, β₁ exactly 0; then p up to 1
        self.next_section("corners")
        contours = manim.VGroup(*(self.contour(f) for f in self.CONTOUR_FRACTIONS))
        dot, graph_dot = self.touch_dot(), self.graph_dot()
        trail = self.graph_trail()
        ghosts = manim.VGroup()
        # The coordinate the first corner sets to 0 (the catalogue keeps it a corner)
        zero_name = "β₁" if d.touches.points[0][0] == 0.0 else "β₂"
        with self.beat(
            "Grow its contours until one touches the ball: at the corner "
            f"{self.point_text(0)}, where {zero_name} is exactly 0."
        ) as beat:
            self.add(contours)
            beat.play_until(
                "at the corner",
                self.level.animate.set_value(float(d.touches.levels[0])),
                rate_func=manim.smooth,
            )
            self.level.set_value(math.inf)  # from now on the contour is the touching one
            self.add(dot, graph_dot, trail)
            self.play(manim.Flash(dot, color=dot.get_color()), run_time=self.FLASH_TIME)
            beat.until("exactly 0")  # the coordinate is read out as it is said to be 0
            self.play(manim.FadeIn(self.stop_readouts[0]), run_time=self.READOUT_TIME)
        with self.beat(
            f"At p = {p_text(d.touches.ps[1])}, the L1 diamond, it stays on that corner."
        ) as beat:
            self.morph_to(1, ghosts, beat, "it stays")

        # Past 1 the corners round off and the touch point leaves the axis at once
        self.next_section("smooth")
        p2, small = p_text(d.touches.ps[2]), number_text(float(d.touches.axis_distance[2]), 3)
        with self.beat(
            f"Past 1 the corners round off: at p = {p2}, {zero_name} = {small}. Tiny, but not 0."
        ) as beat:
            self.morph_to(2, ghosts, beat, f"{zero_name} = {small}")
        with self.beat(
            f"Rounder still: at p = {p_text(d.touches.ps[3])}, the disk, no zero."
        ) as beat:
            self.morph_to(3, ghosts, beat, "the disk")
        with self.beat(
            f"At p = {p_text(d.touches.ps[4])}, the square's corners are off the axes: no zero "
            "either."
        ) as beat:
            self.morph_to(4, ghosts, beat, "corners")

        # The elastic net: from the disk, corners grow on the axes as α rises
        self.next_section("elastic-net")
        net = d.elastic_net
        with self.beat(
            f"The elastic net mixes the two. As α rises to {number_text(net.l1_ratio)}, corners "
            "grow on the axes, and the touch point slides onto one."
        ) as beat:
            net_formula = formula(
                r"\alpha\|\beta\|_1 + (1 - \alpha)\|\beta\|_2^2 \leq 1",
                self.colors.accent,
            ).move_to(ball_formula, aligned_edge=manim.LEFT)
            ghosts.add(self.ghost())
            beat.play_until(
                "As α rises",
                self.inverse_p.animate.set_value(1.0 / d.touches.ps[3]),
                manim.FadeOut(ball_formula, graph_dot),
                manim.FadeIn(net_formula),
                rate_func=manim.smooth,
            )
            self.inverse_p.set_value(1.0 / d.touches.ps[3])  # exactly the disk: α = 0
            self.elastic = True
            # the touch point reaches the corner (and turns the zero colour) as it is said
            beat.play_until(
                "slides onto one",
                self.alpha.animate.set_value(net.l1_ratio),
                rate_func=manim.smooth,
            )
            self.alpha.set_value(net.l1_ratio)
            ghosts.add(self.ghost())
            self.play(
                manim.Flash(dot, color=dot.get_color()),
                manim.FadeIn(table["net"]),
                run_time=max(beat.remaining, self.FLASH_TIME),
            )

        # The moral: corners on the axes give exact zeros
        self.next_section("takeaway")
        corners = manim.VGroup(
            *(
                manim.Dot(self.plane.c2p(*corner), radius=self.DOT_RADIUS, color=self.colors.zero)
                for corner in ((1, 0), (0, 1), (-1, 0), (0, -1))
            )
        ).set_z_index(3)
        fg = self.colors.foreground
        moral = manim.VGroup(
            text("Corners on the axes: exact zeros.", fg, TYPE.label, weight="BOLD"),
            text("Smooth there (p > 1): none.", fg, TYPE.label, weight="BOLD"),
        ).arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_GAP)
        moral.next_to(table["rows"], manim.DOWN, buff=2 * self.ROW_GAP).align_to(
            table["rows"], manim.LEFT
        )
        with self.beat(
            "Corners on the axes give exact zeros: p ≤ 1, and the elastic net. Smooth balls "
            "give none.",
            pause=self.PAUSE,
        ) as beat:
            self.play(
                manim.FadeOut(contours, centre, ball, dot, source),
                manim.FadeIn(corners),
                run_time=self.FLASH_TIME,
            )
            self.play(manim.Indicate(corners, color=self.colors.zero), manim.Write(moral[0]),
                      run_time=self.DRAW_TIME)  # fmt: skip
            beat.until("Smooth balls")
            self.play(manim.Write(moral[1]), run_time=self.DRAW_TIME)

    # ------------------------------------------------------------------ state

    def p(self) -> float:
        """The Lp ball's exponent at the tracker (∞ at 1/p = 0)."""
        inverse = self.inverse_p.get_value()
        return math.inf if inverse <= 0 else 1.0 / inverse

    def solution(self) -> BallSolution:
        """The touch point of the ball drawn now, from maths, once per frame."""
        key = (self.elastic, self.alpha.get_value() if self.elastic else self.p())
        if self._cached is None or self._cached[0] != key:
            d = self.data
            if self.elastic:
                touch = maths.elastic_net_ball_solution(d.center, d.hessian, key[1])
            else:
                touch = maths.lp_ball_solution(d.center, d.hessian, key[1])
            self._cached = (key, touch)
        return self._cached[1]

    def boundary(self) -> np.ndarray:
        if self.elastic:
            return maths.elastic_net_ball_boundary(self.alpha.get_value(), self.BALL_POINTS)
        return maths.lp_ball_boundary(self.p(), self.BALL_POINTS)

    def ball_color(self) -> str:
        """L1's colour while the ball has corners on the axes, L2's once smooth; the
        elastic net in its own."""
        if self.elastic:
            return self.colors.accent
        return self.colors.l1 if self.p() <= 1.0 else self.colors.l2

    def morph_to(self, stop: int, ghosts: manim.VGroup, beat: Beat, phrase: str) -> None:
        """Morph the ball to the ``stop``-th touch p, arriving as the beat says ``phrase``,
        leaving the ball it had behind as a ghost if it is one of the figure's (and taking
        a callout away), then show that stop's readout."""
        if self.p() in self.data.ps:
            ghosts.add(self.ghost())
        target = 1.0 / self.data.touches.ps[stop]
        morph = self.inverse_p.animate.set_value(target)
        away = [manim.FadeOut(self.callout)] if self.callout is not None else []
        beat.play_until(phrase, morph, *away, rate_func=manim.smooth)
        self.inverse_p.set_value(target)  # exactly the stop's p, whatever the rounding
        readout = self.stop_readouts[stop]
        self.callout = None if readout in self.table_rows else readout
        self.play(manim.FadeIn(readout), run_time=self.READOUT_TIME)

    # ------------------------------------------------------------------ plane

    def view_box(self) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates shown: the unit balls and β̂ with PAD around them, the same for
        every ball so nothing rescales while the ball morphs. The low corner is snapped to
        the grid, so the grid lines (which start there) fall on round coordinates."""
        points = np.array([[1.0, 1.0], [-1.0, -1.0], self.data.center])
        step = self.GRID_STEP
        low = np.floor((points.min(axis=0) - self.PAD) / step) * step
        return low, points.max(axis=0) + self.PAD

    def make_plane(self, top: float, bottom: float) -> manim.NumberPlane:
        """A β₁β₂ plane at equal scale on both axes, as large as the height from ``top``
        to ``bottom`` and PLANE_WIDTH allow, at the left edge."""
        self.low, self.high = self.view_box()
        return beta_plane(
            (self.low, self.high),
            self.GRID_STEP,
            (self.PLANE_WIDTH, top - bottom),
            self.colors,
            place=lambda plane: plane.to_edge(manim.LEFT, buff=self.EDGE).set_y((top + bottom) / 2),
        )

    def ball(self) -> manim.VMobject:
        """The ball drawn now, redrawn every frame from maths' boundary."""
        shape = manim.VMobject(stroke_width=self.BALL_WIDTH, fill_opacity=self.BALL_OPACITY)

        def redraw(m: manim.VMobject) -> None:
            m.set_points_as_corners(self.plane.c2p(*self.boundary().T).T)
            m.set_stroke(self.ball_color()).set_fill(self.ball_color())

        return shape.add_updater(redraw, call_updater=True)

    def ghost(self) -> manim.VMobject:
        """The ball as it is now, left behind thin and faint."""
        outline = manim.VMobject(stroke_width=self.GHOST_WIDTH, stroke_opacity=self.GHOST_OPACITY)
        outline.set_points_as_corners(self.plane.c2p(*self.boundary().T).T)
        outline.set_stroke(self.ball_color())
        self.add(outline)
        return outline

    def centre_marker(self) -> manim.VGroup:
        dot = manim.Dot(
            self.plane.c2p(*self.data.center), radius=self.DOT_RADIUS, color=self.colors.loss
        )
        label = formula(r"\hat\beta", self.colors.loss)
        return manim.VGroup(dot, label.next_to(dot, manim.RIGHT, buff=0.1))

    def contour(self, fraction: float) -> manim.VMobject:
        """A loss contour at the level tracker, stopping at ``fraction`` of the level that
        touches the ball drawn now, clipped to the plane. Fraction 1 is the touching one."""
        touching = fraction == 1.0

        def level() -> float:
            return min(self.level.get_value(), fraction * self.solution().level)

        d, box, color = self.data, (self.low, self.high), self.colors.loss
        return loss_contour(self.plane, lambda: d.center, d.hessian, level, box, color, touching)

    def touch_dot(self) -> manim.Dot:
        """The touch point; in the zero colour exactly while a coordinate is 0.0, else in
        the ball's."""

        def place(dot: manim.Dot) -> None:
            touch = self.solution()
            dot.move_to(self.plane.c2p(*touch.point))
            dot.set_color(self.colors.zero if touch.on_axis else self.ball_color())

        dot = manim.Dot(radius=self.DOT_RADIUS * 1.2).set_z_index(2)
        return dot.add_updater(place, call_updater=True)

    # ------------------------------------------------------------------ graph

    def graph_x(self, p: np.ndarray | float) -> np.ndarray | float:
        """Where ``p`` sits on the graph: 2 − 1/p, so ½, 1, 2 and ∞ are at 0, 1, 1.5, 2."""
        return 2.0 - 1.0 / np.asarray(p, dtype=float)

    def make_graph(self, left: float, right: float, top: float) -> tuple[manim.Axes, manim.VGroup]:
        """The touch point's distance to the nearest axis against p, between ``left`` and
        ``right`` under ``top``, with the figure's p marked on its axis."""
        muted = self.colors.muted
        y_name = text("the touch point's distance to the nearest axis", muted, TYPE.small)
        x_name = formula("p", muted, LABEL_SIZE)
        one = self.number(1.0, muted, key="graph_distance_top", scale=TYPE.small)
        width = right - left - one.width - x_name.width - 0.3
        axes = self.plot_axes((0.0, 2.0), (0.0, 1.0), width, self.GRAPH_HEIGHT)
        axes.next_to([left + one.width + 0.15, top - y_name.height - 0.1, 0], manim.DR, buff=0)
        y_name.next_to(axes.c2p(0, 1), manim.UP, buff=0.1).align_to(axes, manim.LEFT)
        x_name.next_to(axes.x_axis, manim.RIGHT, buff=0.12)
        one.next_to(axes.c2p(0, 1), manim.LEFT, buff=0.12)
        ticks = manim.VGroup()
        for p in self.data.ps:
            label = self.p_number(p, muted, key=f"graph_p_{p_text(p)}", scale=TYPE.small)
            ticks.add(label.next_to(axes.c2p(float(self.graph_x(p)), 0), manim.DOWN, buff=0.12))
        return axes, manim.VGroup(axes, y_name, x_name, ticks, one)

    def graph_trail(self) -> manim.VMobject:
        """The distance traced from maths' sweep, up to the largest p drawn so far (the
        morph back to the disk leaves it whole)."""
        sweep = self.data.sweep
        x = self.graph_x(sweep.ps)
        reached = [0.0]

        def swept() -> np.ndarray:
            reached[0] = max(reached[0], float(self.graph_x(self.p())))
            return x <= reached[0] + 1e-12

        return swept_curve(
            self.graph, x, sweep.axis_distance, swept, self.colors.foreground, self.CURVE_WIDTH
        )

    def graph_dot(self) -> manim.Dot:
        """Where the touch point is now on the graph (it rests at the end of the morph
        while the elastic net is drawn)."""

        def follow() -> tuple[np.ndarray, bool]:
            touch = self.solution()
            distance = float(np.min(np.abs(touch.point)))
            return self.graph.c2p(float(self.graph_x(self.p())), distance), touch.on_axis

        return self.zero_dot(follow, self.colors.foreground, self.DOT_RADIUS)

    # ------------------------------------------------------------------ table

    def p_number(self, p: float, color: str, *, key: str, scale: float) -> manim.Text:
        """``p`` on screen (∞ as the symbol), recorded under ``key`` like every number."""
        return self.p_label("", p, color, key=key, scale=scale)

    def p_label(
        self, prefix: str, p: float, color: str, *, key: str, scale: float = TYPE.label
    ) -> manim.Text:
        """``prefix`` and ``p`` as one line of text, so they share a baseline (∞ as the
        symbol); ``p`` is recorded under ``key`` in ``self.displayed`` like every number."""
        self.displayed.append((key, float(p)))
        return text(prefix + p_text(p), color, scale)

    def point_text(self, stop: int | None) -> str:
        """The touch point of a stop (None: the elastic net) as the narration says it."""
        d = self.data
        point = d.elastic_net.touch_point if stop is None else d.touches.points[stop]
        return "(" + ", ".join(number_text(v, self.DIGITS) for v in point) + ")"

    def table(self, below: manim.Mobject) -> dict[str, manim.Mobject]:
        """One row per ball of the figure, ``p = …  β* = (x, y)``, an exact 0 in
        the zero colour, and the elastic net's row last, under ``below`` at its left edge;
        a stop between them (p = 1.2) gets a callout on the graph instead. Each appears as
        the morph reaches it: ``self.stop_readouts[k]`` is the k-th stop's."""
        d, c = self.data, self.colors
        self.stop_readouts: list[manim.Mobject] = []
        rows = manim.VGroup()
        for k, (p, point) in enumerate(zip(d.touches.ps, d.touches.points, strict=True)):
            color = c.l1 if p <= 1.0 else c.l2
            name = self.p_label("p = ", p, color, key=f"touch_p_{k}")
            line = manim.VGroup(
                name,
                point_readout(
                    self, r"\beta^* =", point, color, key=f"touch_{k}", digits=self.DIGITS
                ),
            )
            self.stop_readouts.append(line)
            if p in d.ps:
                rows.add(line)
        net = d.elastic_net
        name = self.p_label("α = ", net.l1_ratio, c.accent, key="l1_ratio")
        net_row = manim.VGroup(
            name,
            point_readout(
                self, r"\beta^* =", net.touch_point, c.accent, key="net", digits=self.DIGITS
            ),
        )
        rows.add(net_row)
        # Two columns, the points' after the widest name; each line on its numbers' baseline
        names_width = max(line[0].width for line in rows)
        for line in [*self.stop_readouts, net_row]:
            line[1].next_to(line[0], manim.RIGHT, buff=0.3 + names_width - line[0].width)
            # on the baseline of the name, whose last glyph is a digit (or ∞)
            line[1].shift((line[0][-1].get_bottom()[1] - line[1][2].get_bottom()[1]) * manim.UP)
        rows.arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_GAP)
        self.table_rows = rows
        rows.next_to(below, manim.DOWN, buff=2 * self.ROW_GAP).align_to(below, manim.LEFT)
        for line in self.stop_readouts:
            if line not in rows:  # in the graph's empty upper left, over the flat start
                line.move_to(self.graph.c2p(0.05, 0.7), aligned_edge=manim.LEFT)
        return {"rows": rows, "net": net_row}
