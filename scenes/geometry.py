"""Diamond and disk (ESL Fig. 3.11): growing loss ellipses touch the L1 diamond at a corner."""

from __future__ import annotations

import math

import manim
import numpy as np
from whyl1.scenes.common import (
    StoryScene,
    beta_plane,
    formula,
    loss_contour,
    point_readout,
    row,
    text,
)

from whyl1 import maths, sources, stories
from whyl1.maths import ConstrainedSolution
from whyl1.results import GeometryCase, GeometryResult
from whyl1.theme import TYPE, number_text


def nice_step(raw: float) -> float:
    """The grid spacing 1, 2 or 5 times a power of ten closest above ``raw``, so grid
    lines fall on round coordinates whatever the scale of ``t`` and ``β̂``."""
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)


class GeometryScene(StoryScene):
    """Grow the loss ellipses around β̂ until they touch the L1 diamond and the L2 disk;
    the diamond is touched at a corner (a weight exactly 0), the disk off the axes. Then
    slide β̂ until the diamond is touched on an edge: corners win often, not always."""

    story = "geometry"
    data: GeometryResult

    # Layout (Manim units)
    PANEL_WIDTH = 6.1  # at most: both panels show one view box at one scale
    PANEL_GAP = 0.8
    PAD_FRACTION = 0.12  # room around the balls and both β̂, as a fraction of the span
    GRID_LINES = 8  # about this many grid lines across the panel
    ROW_GAP = 0.12  # between rows of text, and between text and a panel
    DIGITS = 4
    # Drawing
    BALL_WIDTH = 4.0
    BALL_OPACITY = 0.18
    CONTOUR_FRACTIONS = (0.1, 0.3, 0.6, 1.0)  # of the touching level; 1 is the touching one
    DOT_RADIUS = 0.09
    # Timing (seconds)
    INTRO_TIME = 2.0
    FLASH_TIME = 1.2
    PAUSE = 2.0

    def construct(self) -> None:
        self.centres = (self.data.center, self.data.edge_case.center)
        self.level = manim.ValueTracker(0.0)  # loss level of the growing contour
        self.alpha = manim.ValueTracker(0.0)  # where β̂ is on its way to the edge case
        self._cached: tuple[float, tuple[ConstrainedSolution, ConstrainedSolution]] | None = None
        self.low, self.high, step = self.view_box()

        # Lay out: the budgets' names under the title, then the two panels as tall as
        # the rows of readouts under them allow
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        labels = self.ball_labels().next_to(heading, manim.DOWN, buff=2 * self.ROW_GAP)
        readouts = self.readouts(self.data, "")
        edge = self.data.edge_case
        edge_readouts = self.readouts(edge, "edge_")
        centre_readout = self.centre_readout()
        edge_centre_readout = self.centre_readout(edge.center, "edge_")
        row_height = max(readouts.height, edge_readouts.height)
        bottom = source.get_top()[1] + self.ROW_GAP
        bottom += 2 * self.ROW_GAP + row_height + centre_readout.height
        left = self.panel(-1, step, top=labels.get_bottom()[1] - self.ROW_GAP, bottom=bottom)
        right = self.panel(1, step, top=labels.get_bottom()[1] - self.ROW_GAP, bottom=bottom)
        for label, plane in zip(labels, (left, right), strict=True):
            label.match_x(plane)
        for group in (readouts, edge_readouts):
            for readout, plane in zip(group, (left, right), strict=True):
                readout.next_to(plane, manim.DOWN, buff=self.ROW_GAP).match_x(plane)
        for readout in (centre_readout, edge_centre_readout):
            readout.next_to(readouts, manim.DOWN, buff=self.ROW_GAP).set_x(0)

        # Show the two budgets: the L1 diamond and the L2 disk
        self.next_section("budgets")
        diamond, disk = self.diamond(left), self.disk(right)
        with self.beat(
            "This is the classic picture, Figure 3.11 of The Elements of Statistical "
            "Learning. We minimise a loss while keeping the weights within a budget, "
            f"t = {number_text(self.data.t)}. Under L1 the budget is a diamond; under L2, a "
            "disk."
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.INTRO_TIME)
            beat.until("We minimise")
            self.play(manim.Create(left), manim.Create(right), run_time=self.INTRO_TIME)
            beat.until("Under L1")
            self.play(
                manim.Create(diamond),
                manim.Create(disk),
                manim.FadeIn(labels),
                run_time=self.INTRO_TIME,
            )

        # Mark β̂, the loss minimum, and grow its contours until each ball is touched
        self.next_section("contours")
        centres = manim.VGroup(self.centre_marker(left), self.centre_marker(right))
        contours = manim.VGroup(
            *(self.contour(left, 0, fraction) for fraction in self.CONTOUR_FRACTIONS),
            *(self.contour(right, 1, fraction) for fraction in self.CONTOUR_FRACTIONS),
        )
        with self.beat(
            "Without the budget, the loss is smallest at β̂, outside both shapes. Its "
            "contours are ellipses around β̂. Let the loss grow, until a contour first "
            "touches each shape."
        ) as beat:
            self.play(manim.FadeIn(centres), manim.FadeIn(centre_readout), run_time=self.INTRO_TIME)
            beat.until("Let the loss grow")
            self.add(contours)
            self.play(
                self.level.animate.set_value(self.data.lasso_level),
                run_time=beat.remaining,
                rate_func=manim.smooth,
            )

        # Mark the touching points: the diamond at a corner, one weight exactly 0
        self.next_section("touch")
        dots = manim.VGroup(self.touch_dot(left, 0), self.touch_dot(right, 1))
        with self.beat(
            "The disk is touched first, at a point off both axes. The diamond is touched at "
            "a corner, and a corner lies on an axis: one weight is exactly 0."
        ) as beat:
            for index, phrase in ((1, "The disk"), (0, "The diamond")):
                beat.until(phrase)
                self.add(dots[index])
                self.play(
                    manim.Flash(dots[index], color=dots[index].get_color()),
                    manim.FadeIn(readouts[index], shift=0.2 * manim.UP),
                    run_time=self.FLASH_TIME,
                )
            beat.until("exactly 0")
            self.play(
                manim.Circumscribe(readouts[0], color=self.colors.zero),
                run_time=max(beat.remaining, self.FLASH_TIME),
            )

        # Slide β̂ until the diamond is touched on an edge: then no weight is 0
        self.next_section("edge")
        trails = manim.VGroup(self.trail(left), self.trail(right))
        self.level.set_value(math.inf)  # from now on the contour is always the touching one
        with self.beat(
            "But not every β̂ gives a corner. Slide β̂, and the contact point stays on the "
            "corner for a while, then leaves it, and slides along an edge."
        ) as beat:
            self.play(
                manim.FadeOut(readouts),
                manim.FadeOut(centre_readout),
                manim.Create(trails),
                run_time=self.INTRO_TIME,
            )
            status = self.corner_status(under=readouts[0])
            self.add(status)
            self.play(
                self.alpha.animate.set_value(1.0), run_time=beat.remaining, rate_func=manim.linear
            )
            self.remove(status)
        with self.beat(
            "On an edge, both weights are non-zero. And the contact point on the disk just "
            "glides along, never stopping on an axis."
        ):
            self.play(
                manim.FadeIn(edge_readouts, shift=0.2 * manim.UP),
                manim.FadeIn(edge_centre_readout),
                run_time=self.INTRO_TIME,
            )
            self.play(
                manim.Circumscribe(edge_readouts[0], color=self.colors.l1), run_time=self.INTRO_TIME
            )

        # The takeaway: corners stick out; the disk has none
        self.next_section("takeaway")
        corners = self.corner_marks(left)
        moral = manim.VGroup(
            text(
                "Corners stick out, on the axes: touching one zeroes a weight.",
                self.colors.foreground,
                TYPE.label,
            ),
            text(
                "The disk has no corners: almost never touched on an axis.",
                self.colors.foreground,
                TYPE.label,
            ),
        ).arrange(manim.DOWN, buff=self.ROW_GAP)
        moral.next_to(manim.VGroup(left, right), manim.DOWN, buff=2 * self.ROW_GAP).set_x(0)
        with self.beat(
            "So the diamond's corners stick out along the axes. Growing ellipses often meet a "
            "corner first, and then a weight is exactly 0. The disk has no corners, so its "
            "contact point is almost never on an axis.",
            pause=self.PAUSE,
        ) as beat:
            self.play(
                manim.FadeOut(edge_readouts),
                manim.FadeOut(edge_centre_readout),
                manim.FadeOut(source),
                run_time=self.INTRO_TIME / 2,
            )
            self.play(manim.FadeIn(corners), run_time=self.INTRO_TIME / 2)
            beat.play_until("Growing ellipses", manim.Indicate(corners, color=self.colors.zero))
            self.play(manim.Write(moral[0]), run_time=self.INTRO_TIME)
            beat.until("The disk has no corners")
            self.play(manim.Write(moral[1]), run_time=self.INTRO_TIME)

    # ------------------------------------------------------------------ geometry state

    def centre(self) -> np.ndarray:
        """β̂ on its straight way from the story's centre to the edge case's (exact at ends)."""
        a = self.alpha.get_value()
        return (1.0 - a) * self.centres[0] + a * self.centres[1]

    def solutions(self) -> tuple[ConstrainedSolution, ConstrainedSolution]:
        """The lasso and ridge solutions for the current β̂, computed once per frame."""
        a = self.alpha.get_value()
        if self._cached is None or self._cached[0] != a:
            centre, t = self.centre(), self.data.t
            self._cached = (
                a,
                (
                    maths.l1_constrained_solution(centre, self.data.hessian, t),
                    maths.l2_constrained_solution(centre, self.data.hessian, t),
                ),
            )
        return self._cached[1]

    def view_box(self) -> tuple[np.ndarray, np.ndarray, float]:
        """Coordinates shown in both panels: the balls and both β̂ with some room,
        snapped to a round grid step. The same box for both panels and all beats, so
        the two shapes compare at one scale and nothing rescales when β̂ moves."""
        t = self.data.t
        points = np.array([[t, t], [-t, -t], *self.centres])
        low, high = points.min(axis=0), points.max(axis=0)
        pad = self.PAD_FRACTION * float(np.max(high - low))
        step = nice_step(float(np.max(high - low)) / self.GRID_LINES)
        low = np.floor((low - pad) / step) * step
        high = np.ceil((high + pad) / step) * step
        return low, high, step

    # ------------------------------------------------------------------ drawing

    def panel(self, side: int, step: float, top: float, bottom: float) -> manim.NumberPlane:
        """A β₁β₂ plane at equal scale on both axes (a disk must look round), as large as
        PANEL_WIDTH and the height from ``top`` to ``bottom`` allow, on the left
        (``side`` −1) or the right (1)."""
        return beta_plane(
            (self.low, self.high),
            step,
            (self.PANEL_WIDTH, top - bottom),
            self.colors,
            place=lambda plane: plane.move_to(
                [side * (self.PANEL_WIDTH + self.PANEL_GAP) / 2, (top + bottom) / 2, 0]
            ),
        )

    def diamond(self, plane: manim.NumberPlane) -> manim.Polygon:
        corners = maths.diamond_vertices(self.data.t)[:-1]
        return manim.Polygon(
            *(plane.c2p(*p) for p in corners),
            color=self.colors.l1,
            stroke_width=self.BALL_WIDTH,
            fill_opacity=self.BALL_OPACITY,
        )

    def disk(self, plane: manim.NumberPlane) -> manim.Circle:
        radius = plane.c2p(self.data.t, 0)[0] - plane.c2p(0, 0)[0]
        return manim.Circle(
            radius=radius,
            color=self.colors.l2,
            stroke_width=self.BALL_WIDTH,
            fill_opacity=self.BALL_OPACITY,
        ).move_to(plane.c2p(0, 0))

    def ball_labels(self) -> manim.VGroup:
        """‖β‖₁ ≤ t and ‖β‖₂ ≤ t, one for each panel, with t's value."""
        scale, t = TYPE.label, self.data.t
        return manim.VGroup(
            *(
                row(
                    text(name, color, scale),
                    formula(tex, color),
                    self.number(t, color, key="t", scale=scale),
                    buff=0.15,
                )
                for name, tex, color in (
                    ("L1 (lasso):", r"\|\beta\|_1 \leq", self.colors.l1),
                    ("L2 (ridge):", r"\|\beta\|_2 \leq", self.colors.l2),
                )
            )
        ).arrange(manim.RIGHT)

    def centre_marker(self, plane: manim.NumberPlane) -> manim.VGroup:
        """The dot at β̂ and its label, following β̂ when it moves."""
        dot = manim.Dot(radius=self.DOT_RADIUS, color=self.colors.loss)
        dot.add_updater(lambda m: m.move_to(plane.c2p(*self.centre())), call_updater=True)
        label = formula(r"\hat\beta", self.colors.loss)
        # Label on the side facing the middle of the panel, so it never leaves the panel.
        middle = (self.low[0] + self.high[0]) / 2
        side = manim.LEFT if np.mean([c[0] for c in self.centres]) > middle else manim.RIGHT
        label.add_updater(lambda m: m.next_to(dot, side, buff=0.1), call_updater=True)
        return manim.VGroup(dot, label)

    def centre_readout(self, centre: np.ndarray | None = None, prefix: str = "") -> manim.VGroup:
        """β̂ = (x, y), to centre under the two panels it belongs to."""
        centre = self.data.center if centre is None else centre
        return point_readout(
            self,
            r"\hat\beta =",
            centre,
            self.colors.loss,
            key=f"{prefix}center",
            digits=self.DIGITS,
        )

    def contour(self, plane: manim.NumberPlane, which: int, fraction: float) -> manim.VMobject:
        """A loss contour at the tracker's level, stopping at ``fraction`` of the level that
        touches the ball (``which``: 0 diamond, 1 disk), clipped to the panel. Fraction 1 is
        the touching contour; the smaller ones stay behind as the faint inner rings."""
        touching = fraction == 1.0

        def level() -> float:
            return min(self.level.get_value(), fraction * float(self.solutions()[which].level))

        box, color = (self.low, self.high), self.colors.loss
        return loss_contour(plane, self.centre, self.data.hessian, level, box, color, touching)

    def touch_dot(self, plane: manim.NumberPlane, which: int) -> manim.Dot:
        """The contact point; L1's turns the zero colour while it sits on a corner."""
        color = (self.colors.l1, self.colors.l2)[which]

        def place(dot: manim.Dot) -> None:
            solution = self.solutions()[which]
            dot.move_to(plane.c2p(*solution.point))
            dot.set_color(self.colors.zero if bool(solution.on_corner) else color)

        dot = manim.Dot(radius=self.DOT_RADIUS * 1.2).set_z_index(2)
        return dot.add_updater(place, call_updater=True)

    def corner_status(self, under: manim.Mobject) -> manim.VGroup:
        """Under the diamond while β̂ slides (where its readout was, ``under``): whether
        the contact is a corner (a weight is 0) or an edge. Both lines are typeset once;
        an updater only shows one of them."""
        corner = text("at a corner: a weight is 0", self.colors.zero, TYPE.label)
        edge = text("on an edge: no weight is 0", self.colors.l1, TYPE.label)
        status = manim.VGroup(corner, edge)
        for line in status:
            line.move_to(under)

        def show(group: manim.VGroup) -> None:
            on_corner = bool(self.solutions()[0].on_corner)
            group[0].set_opacity(1.0 if on_corner else 0.0)
            group[1].set_opacity(0.0 if on_corner else 1.0)

        return status.add_updater(show, call_updater=True)

    def trail(self, plane: manim.NumberPlane) -> manim.VMobject:
        """β̂'s way to the edge case, dashed."""
        line = manim.Line(plane.c2p(*self.centres[0]), plane.c2p(*self.centres[1]))
        return manim.DashedVMobject(line.set_stroke(self.colors.muted, 2), num_dashes=14)

    def readouts(self, case: GeometryCase, prefix: str) -> manim.VGroup:
        """β* = (x, y) for each panel; an exact 0 coordinate in the zero colour."""
        group = manim.VGroup()
        for name, point, color, tex in (
            ("lasso", case.lasso, self.colors.l1, r"\beta^*_{\mathrm{L1}} ="),
            ("ridge", case.ridge, self.colors.l2, r"\beta^*_{\mathrm{L2}} ="),
        ):
            group.add(
                point_readout(self, tex, point, color, key=f"{prefix}{name}", digits=self.DIGITS)
            )
        return group

    def corner_marks(self, plane: manim.NumberPlane) -> manim.VGroup:
        """The four corners of the diamond, each on an axis."""
        corners = maths.diamond_vertices(self.data.t)[:-1]
        return manim.VGroup(
            *(
                manim.Dot(plane.c2p(*p), radius=self.DOT_RADIUS, color=self.colors.zero)
                for p in corners
            )
        )
