"""Step by step: from the same start, L1's update lands on exactly 0, L2's never arrives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
)
from whyl1.scenes.common import StoryScene, formula, text

from whyl1 import maths, sources, stories
from whyl1.results import StepsResult
from whyl1.theme import FONT_FAMILY, MANIM_BODY_SIZE, TYPE, number_text


@dataclass
class Panel:
    """Axes of ``w`` against the step, plus what maps an iterate onto them.

    ``first_step`` is the step drawn at the left end: 0 for the full run, later for
    the zoom, whose axes start there (manim's Axes cross at their own origin).
    """

    axes: Axes
    first_step: int
    frame: VGroup  # axes, end labels and the w axis name
    step_name: VGroup  # "step" after the step axis (the zoom leaves it out)

    def point(self, step: float, w: float) -> np.ndarray:
        return self.axes.c2p(step - self.first_step, w)

    def points(self, steps: np.ndarray, ws: np.ndarray) -> np.ndarray:
        """Many (step, w) at once, one row per point: the trails redraw every frame."""
        return self.axes.c2p(steps - self.first_step, ws).T.reshape(-1, 3)


class Num(NamedTuple):
    """A number inside a sentence: its value, its key in ``scene.displayed``, and its
    colour (the sentence's when None)."""

    value: float
    key: str
    color: str | None = None


class StepsScene(StoryScene):
    """Penalty-only gradient descent, L1 on the left and L2 on the right, from one start:
    L1's constant step lands on exactly 0 and stays; L2's shrinking step never arrives,
    even zoomed in; the reason is the gradients, sign(w) against w."""

    story = "steps"
    data: StepsResult

    # Layout (Manim units)
    PANEL_X = 3.45  # centres of the L1 (left) and L2 (right) panels
    PANEL_Y = -0.85
    PANEL_WIDTH = 5.2
    PANEL_HEIGHT = 2.6
    BORDER_BUFF = 0.1  # between a zoomed panel and its frame
    NOTE_CLEARANCE = 0.45  # the landing note ends this far before the step axis does
    PARAMS_Y = 2.75
    RULE_Y = 2.05
    RATE_Y = 1.4
    READOUT_Y = -3.0
    VALUE_INDENT = 1.2  # the "w =" readouts start this far left of their panel's centre
    STEP_INDENT = 0.6  # the "step" readout starts this far left of the frame's centre
    FORMULA_SIZE = 1.3 * TYPE.label * MANIM_BODY_SIZE  # MathTex runs smaller than Text
    LABEL_SIZE = 1.3 * TYPE.small * MANIM_BODY_SIZE
    # Drawing
    DOT_RADIUS = 0.1
    TRAIL_DOT_RADIUS = 0.045
    TRAIL_WIDTH = 3.0
    ZERO_WIDTH = 7.0  # L1's run along w = 0 after landing, drawn thick in the zero colour
    MAX_SHOWN_STEPS = 30  # more steps than this are swept through, readouts at a subset
    ZOOM_STEPS = 4  # the zoom shows the last ZOOM_STEPS steps (and the one before)
    GRID_POINTS = 201  # per branch of the gradient curves
    # Timing (seconds)
    INTRO_TIME = 2.0
    STEP_BUDGET = 15.0  # all shown steps together, split evenly
    STEP_TIME_MIN = 0.3
    STEP_TIME_MAX = 1.2
    ZOOM_TIME = 2.5
    PAUSE = 1.5

    def construct(self) -> None:
        d = self.data
        self.n = len(d.l1) - 1
        self.zero_step = d.l1_zero_step
        self.shown = self.shown_steps()
        self.step_time = float(
            np.clip(
                self.STEP_BUDGET / (len(self.shown) - 1), self.STEP_TIME_MIN, self.STEP_TIME_MAX
            )
        )
        self.k = ValueTracker(0.0)

        # Show the setting and the two update rules
        self.next_section("rules")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        setting = self.setting()
        rules = self.rules()
        self.say(
            f"Gradient descent on the penalty alone, from w = {number_text(d.l1[0])} "
            f"with learning rate η = {number_text(self.values['eta'])}. "
            "L1's gradient is sign(w): every step moves w by the same ηλ toward 0. "
            "L2's gradient is w itself: every step multiplies w by 1 − ηλ.",
            self.INTRO_TIME * 3 + self.PAUSE,
        )
        self.play(Write(heading), FadeIn(source), FadeIn(setting), run_time=self.INTRO_TIME)
        self.play(FadeIn(rules["rules"], shift=0.2 * DOWN), run_time=self.INTRO_TIME)
        self.play(FadeIn(rules["rates"], shift=0.2 * DOWN), run_time=self.INTRO_TIME)
        self.wait(self.PAUSE)

        # Take the steps side by side, until L1 lands
        self.next_section("steps")
        self.l1_panel = self.panel(-1, 0, float(d.l1[0]), "l1")
        self.l2_panel = self.panel(1, 0, float(d.l2[0]), "l2")
        markers = VGroup(
            self.marker(self.l1_panel, d.l1, self.colors.l1),
            self.marker(self.l2_panel, d.l2, self.colors.l2),
        )
        trails = VGroup(
            self.trail(self.l1_panel, d.l1, self.colors.l1, self.TRAIL_WIDTH, 0),
            self.trail(self.l1_panel, d.l1, self.colors.zero, self.ZERO_WIDTH, self.zero_step),
            self.trail(self.l2_panel, d.l2, self.colors.l2, self.TRAIL_WIDTH, 0),
        )
        readout_labels, self.readout_numbers = self.readouts()
        self.current_readout = self.readout_numbers[0]
        self.trail_dot_group = VGroup()
        self.say(
            "Side by side, w against the step. Watch both weights shrink: "
            "L1 by the same amount each time, L2 by less and less.",
            self.INTRO_TIME + self.PAUSE,
        )
        self.play(
            *(Create(panel.frame) for panel in (self.l1_panel, self.l2_panel)),
            *(FadeIn(panel.step_name) for panel in (self.l1_panel, self.l2_panel)),
            FadeIn(readout_labels, self.current_readout),
            run_time=self.INTRO_TIME,
        )
        self.add(trails, markers, self.trail_dots(0))
        self.wait(self.PAUSE)
        landing = self.shown.index(self.zero_step)
        self.say(
            f"L1 moves {number_text(d.l1_step_size)} closer to 0 every step; "
            f"L2 keeps {number_text(d.l2_factor)} of what it has.",
            self.step_time * landing,
        )
        self.take_steps(1, landing)

        # L1 lands on exactly 0, and stays there while L2 keeps shrinking
        self.next_section("landing")
        landed = self.landing_note()
        self.say(
            f"At step {self.zero_step} L1 lands on exactly 0: its last step is as large as "
            "its first, so it gets there in finitely many steps. Once there, sign(0) = 0 "
            "and it stays. L2 keeps shrinking by the same factor, closer and closer.",
            self.INTRO_TIME + self.PAUSE + self.step_time * (len(self.shown) - 1 - landing),
        )
        self.play(
            Flash(self.l1_panel.point(self.zero_step, 0.0), color=self.colors.zero),
            FadeIn(landed, shift=0.2 * UP),
            run_time=self.INTRO_TIME,
        )
        self.wait(self.PAUSE)
        self.take_steps(landing + 1, len(self.shown) - 1)
        self.wait(self.PAUSE)

        # Zoom into the last steps: L2 is still not 0
        self.next_section("zoom")
        zoom = self.zoom()
        self.say(
            f"Zoom into the last {self.ZOOM_STEPS} steps. L1 has sat exactly on 0 since "
            f"step {self.zero_step}. "
            f"L2 is still {number_text(d.l2_last)} after {self.n} steps: each step only "
            f"multiplies it by {number_text(d.l2_factor)}, and a fraction of something "
            "non-zero is never zero.",
            self.ZOOM_TIME * 2 + self.INTRO_TIME + self.PAUSE * 2,
        )
        self.play(*(Create(box) for box in zoom["boxes"]), run_time=self.ZOOM_TIME)
        self.play(
            FadeOut(trails, markers, self.trail_dot_group, landed),
            *(FadeOut(panel.frame, panel.step_name) for panel in (self.l1_panel, self.l2_panel)),
            *(
                ReplacementTransform(b, z)
                for b, z in zip(zoom["boxes"], zoom["borders"], strict=True)
            ),
            FadeIn(zoom["panels"]),
            run_time=self.ZOOM_TIME,
        )
        self.play(FadeIn(zoom["dots"]), Create(zoom["lines"]), run_time=self.INTRO_TIME)
        self.play(
            FadeOut(readout_labels, self.current_readout),
            FadeIn(zoom["notes"], shift=0.2 * UP),
            run_time=self.PAUSE,
        )
        self.wait(self.PAUSE)

        # The reason: the gradients of the penalties, sign(w) against w
        self.next_section("reason")
        reason = self.reason()
        self.say(
            "Why? Look at the gradients. sign(w) keeps its full size all the way down to 0, "
            "so L1's steps never shrink. The gradient w fades with the weight, so L2's steps "
            "shrink with it, and zero stays out of reach.",
            self.INTRO_TIME * 4 + self.PAUSE * 2,
        )
        self.play(
            FadeOut(zoom["panels"], zoom["borders"], zoom["dots"], zoom["lines"], zoom["notes"]),
            FadeOut(rules["rates"]),
            run_time=self.INTRO_TIME,
        )
        self.play(Create(reason["frames"]), FadeIn(reason["labels"]), run_time=self.INTRO_TIME)
        self.play(Create(reason["curves"]), run_time=self.INTRO_TIME)
        self.play(FadeIn(reason["dots"]), run_time=self.INTRO_TIME)
        self.play(Write(reason["moral"]), run_time=self.PAUSE)
        self.wait(self.PAUSE * 2)

    # ------------------------------------------------------------------ setting

    def shown_steps(self) -> list[int]:
        """The steps that get a readout: every step for short runs, otherwise an even
        subset that always contains L1's landing step and the last step."""
        if self.n <= self.MAX_SHOWN_STEPS:
            return list(range(self.n + 1))
        subset = np.round(np.linspace(0, self.n, self.MAX_SHOWN_STEPS + 1)).astype(int)
        return sorted({*subset.tolist(), self.zero_step})

    def setting(self) -> VGroup:
        """w₀, η and λ, the story's parameters."""
        fg, v = self.colors.foreground, self.values
        parts = (self.sentence([label, Num(v[key], key)], fg, TYPE.label)
                 for label, key in (("w₀ =", "w0"), ("η =", "eta"), ("λ =", "lam")))  # fmt: skip
        return VGroup(*parts).arrange(RIGHT, buff=0.7).move_to([0, self.PARAMS_Y, 0])

    def sentence(self, parts: list[str | Num], color: str, scale: float) -> VGroup:
        """Words and numbers set as one line of text, so they share a baseline (a number
        beside a separate label would sit by its centre). Each number is a
        ``self.number`` placed over its own glyphs, so the tests see it; returns one
        piece per part."""
        words = [p if isinstance(p, str) else number_text(p.value) for p in parts]
        # text() in the project font, but with one submobject per character, spaces
        # included (no "fi" ligature), so each part's glyphs can be counted off
        sentence = " ".join(words)
        line = Text(
            sentence,
            font=FONT_FAMILY,
            color=color,
            font_size=MANIM_BODY_SIZE * scale,
            disable_ligatures=True,
        )
        if len(line) != len(sentence):
            raise ValueError(f"cannot split {sentence!r} into its parts")
        pieces, start = VGroup(), 0
        for part, word in zip(parts, words, strict=True):
            end = start + len(word)
            glyphs = VGroup(*(glyph for glyph in line[start:end] if glyph.has_points()))
            if isinstance(part, Num):
                number = self.number(part.value, part.color or color, key=part.key, scale=scale)
                glyphs = number.move_to(glyphs)
            pieces.add(glyphs)
            start = end + 1  # the space between parts
        return pieces

    def rules(self) -> dict:
        """Each update rule over its panel, and what it does to w in numbers."""
        d, size = self.data, self.FORMULA_SIZE
        l1, l2, muted = self.colors.l1, self.colors.l2, self.colors.muted
        rules = VGroup(
            self.row(
                text("L1", l1, TYPE.body, weight="BOLD"),
                formula(r"w \leftarrow w - \eta\lambda\cdot\mathrm{sign}(w)", l1, size),
            ),
            self.row(
                text("L2", l2, TYPE.body, weight="BOLD"),
                formula(r"w \leftarrow w - \eta\lambda w", l2, size),
            ),
        )
        rates = VGroup(
            self.sentence(
                ["a fixed step toward zero,", "ηλ =", Num(d.l1_step_size, "l1_step_size")],
                l1,
                TYPE.small,
            ),
            self.sentence(
                ["w shrinks by the factor", "1 − ηλ =", Num(d.l2_factor, "l2_factor")],
                l2,
                TYPE.small,
            ),
        )
        for rate in rates:
            rate[0].set_color(muted)
        for side, rule, rate in zip((-1, 1), rules, rates, strict=True):
            rule.move_to([side * self.PANEL_X, self.RULE_Y, 0])
            rate.move_to([side * self.PANEL_X, self.RATE_Y, 0])
        return {"rules": rules, "rates": rates}

    @staticmethod
    def row(*parts: VMobject) -> VGroup:
        return VGroup(*parts).arrange(RIGHT, buff=0.15)

    # ------------------------------------------------------------------ panels

    def panel(self, side: int, first_step: int, w_edge: float, name: str) -> Panel:
        """Axes of w (from 0 to ``w_edge``, either sign) against steps ``first_step`` to n.

        Labels: ``w_edge`` beyond the far end of the w axis, the last step (and the first,
        unless it is 0) on the side of the step axis without data. The step axis is the
        line w = 0; the full runs label it 0 at the origin, the zoom leaves that corner
        to its first step.
        """
        low, high = min(0.0, w_edge), max(0.0, w_edge)
        span = self.n - first_step
        axes = Axes(
            x_range=[0, span, span],
            y_range=[low, high, high - low],
            x_length=self.PANEL_WIDTH,
            y_length=self.PANEL_HEIGHT,
            tips=False,
            axis_config={"color": self.colors.muted, "include_ticks": False},
        ).move_to([side * self.PANEL_X, self.PANEL_Y, 0])
        muted, scale = self.colors.muted, TYPE.small
        step_name = text("step", muted, scale).next_to(axes.x_axis, RIGHT, buff=0.15)
        panel = Panel(axes, first_step, VGroup(axes), VGroup(step_name))
        data_side = UP if w_edge > 0 else DOWN
        for step, key in ((first_step, f"{name}_axis_first"), (self.n, f"{name}_axis_last")):
            if step == 0:
                continue
            label = self.number(step, muted, key=key, scale=scale)
            panel.frame.add(label.next_to(panel.point(step, 0.0), -data_side, buff=0.12))
        edge = self.number(w_edge, muted, key=f"{name}_axis_edge", scale=scale, digits=3)
        panel.frame.add(edge.next_to(panel.point(first_step, w_edge), data_side, buff=0.12))
        if first_step == 0:
            zero = self.number(0.0, muted, key=f"{name}_axis_zero", scale=scale)
            panel.frame.add(zero.next_to(panel.point(0, 0.0), LEFT, buff=0.12))
        w_name = formula("w", muted, self.LABEL_SIZE).next_to(axes.y_axis, LEFT, buff=0.25)
        panel.frame.add(w_name)
        return panel

    def current_w(self, iterates: np.ndarray) -> tuple[float, float]:
        """(step, w) of the marker at the tracker's (fractional) step, on the segment
        between the two iterates around it; w is exactly the iterate on a whole step,
        and exactly 0.0 along a run of zeros."""
        k = min(max(self.k.get_value(), 0.0), float(self.n))
        i = min(int(np.floor(k + 1e-9)), self.n - 1)
        return k, float(iterates[i] + (k - i) * (iterates[i + 1] - iterates[i]))

    def position(self, panel: Panel, iterates: np.ndarray) -> np.ndarray:
        return panel.point(*self.current_w(iterates))

    def marker(self, panel: Panel, iterates: np.ndarray, color: str) -> Dot:
        """The current iterate; in the zero colour exactly when it is at w = 0.0."""

        def update(dot: Dot) -> None:
            k, w = self.current_w(iterates)
            dot.move_to(panel.point(k, w)).set_color(self.colors.zero if w == 0.0 else color)

        return Dot(radius=self.DOT_RADIUS).set_z_index(2).add_updater(update, call_updater=True)

    def trail(
        self, panel: Panel, iterates: np.ndarray, color: str, width: float, start: int
    ) -> VMobject:
        """The path from iterate ``start`` to the marker (nothing before the marker passes
        ``start``)."""
        steps = np.arange(self.n + 1)
        line = VMobject(stroke_color=color, stroke_width=width)

        def update(m: VMobject) -> None:
            k = self.k.get_value()
            if k <= start:
                m.clear_points()
                return
            done = (steps >= start) & (steps < k)
            points = panel.points(steps[done], iterates[done])
            m.set_points_as_corners(np.vstack([points, self.position(panel, iterates)]))

        return line.add_updater(update, call_updater=True)

    def trail_dots(self, step: int) -> VGroup:
        """Small dots on both panels at one shown iterate, left behind by the markers."""
        d = self.data
        dots = VGroup(
            *(
                Dot(
                    panel.point(step, values[step]),
                    radius=self.TRAIL_DOT_RADIUS,
                    color=self.colors.zero if values[step] == 0.0 else color,
                )
                for panel, values, color in (
                    (self.l1_panel, d.l1, self.colors.l1),
                    (self.l2_panel, d.l2, self.colors.l2),
                )
            )
        ).set_z_index(1)
        self.trail_dot_group.add(dots)
        return dots

    def readouts(self) -> tuple[VGroup, list[VGroup]]:
        """The step count and both iterates under the panels: the labels once, and the
        three numbers of every shown step, built in advance and swapped in as the markers
        arrive (no typesetting per frame). Later numbers sit on the first ones' baseline
        (digits have no descenders, so their bottoms are the baseline)."""
        d, fg, l1, l2 = self.data, self.colors.foreground, self.colors.l1, self.colors.l2
        start = self.shown[0]
        lines = (
            (-self.STEP_INDENT, fg, ["step", Num(start, f"step_{start}")]),
            (-self.PANEL_X - self.VALUE_INDENT, l1, ["w =", Num(d.l1[start], f"l1_{start}")]),
            (self.PANEL_X - self.VALUE_INDENT, l2, ["w =", Num(d.l2[start], f"l2_{start}")]),
        )
        labels, first_numbers = VGroup(), VGroup()
        for x, color, parts in lines:
            label, number = self.sentence(parts, color, TYPE.label)
            VGroup(label, number).shift([x, self.READOUT_Y, 0] - label.get_left())
            labels.add(label)
            first_numbers.add(number)
        values = [first_numbers]
        for step in self.shown[1:]:
            l1_color = self.colors.zero if d.l1[step] == 0.0 else l1
            numbers = VGroup(
                self.number(step, fg, key=f"step_{step}", scale=TYPE.label),
                self.number(d.l1[step], l1_color, key=f"l1_{step}", scale=TYPE.label),
                self.number(d.l2[step], l2, key=f"l2_{step}", scale=TYPE.label),
            )
            for number, first in zip(numbers, first_numbers, strict=True):
                number.align_to(first, LEFT).align_to(first, DOWN)
            values.append(numbers)
        return labels, values

    def take_steps(self, first: int, last: int) -> None:
        """Move both markers through shown steps ``first`` to ``last`` (indices into
        ``self.shown``); on arrival, swap in the readouts and drop a dot at the iterate."""
        for index in range(first, last + 1):
            step, new = self.shown[index], self.readout_numbers[index]
            self.play(self.k.animate.set_value(step), run_time=self.step_time, rate_func=smooth)
            self.remove(self.current_readout)
            self.add(new, self.trail_dots(step))
            self.current_readout = new

    def landing_note(self) -> VGroup:
        """ "exactly 0 at step z" beside L1's landing point."""
        d = self.data
        note = self.sentence(
            [
                "exactly",
                Num(d.l1[self.zero_step], "l1_landed"),
                "at step",
                Num(self.zero_step, "l1_zero_step"),
            ],
            self.colors.zero,
            TYPE.small,
        )
        # Under the landing point like a step label, on the side of the axis without
        # data, kept clear of the last step's label
        axis = self.l1_panel.axes.x_axis
        data_side = UP if d.l1[0] > 0 else DOWN
        note.next_to(self.l1_panel.point(self.zero_step, 0.0), -data_side, buff=0.15)
        if note.get_right()[0] > axis.get_right()[0] - self.NOTE_CLEARANCE:
            note.align_to(axis.get_right() - [self.NOTE_CLEARANCE, 0, 0], RIGHT)
        if note.get_left()[0] < axis.get_left()[0]:
            note.align_to(axis, LEFT)
        return note

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> dict:
        """Both panels magnified onto the last steps, at the same scale: L1's iterates lie
        on 0, L2's last ones are still visibly above it."""
        d = self.data
        first = max(0, self.n - self.ZOOM_STEPS)
        edge = float(d.l2[first])
        boxes, borders, panels, dots, lines = VGroup(), VGroup(), VGroup(), VGroup(), VGroup()
        accent = self.colors.accent
        for side, run, values, color, name in (
            (-1, self.l1_panel, d.l1, self.colors.l1, "l1"),
            (1, self.l2_panel, d.l2, self.colors.l2, "l2"),
        ):
            corner_a, corner_b = run.point(first, edge), run.point(self.n, 0.0)
            box = Rectangle(
                width=abs(corner_b[0] - corner_a[0]) + 0.3,
                height=abs(corner_b[1] - corner_a[1]) + 0.3,
                color=accent,
            ).move_to((corner_a + corner_b) / 2)
            zoomed = self.panel(side, first, edge, f"{name}_zoom")
            border = SurroundingRectangle(zoomed.frame, color=accent, buff=self.BORDER_BUFF)
            steps = [s for s in range(first, self.n + 1) if abs(values[s]) <= abs(edge)]
            points = [zoomed.point(s, values[s]) for s in steps]
            for s, p in zip(steps, points, strict=True):
                dot_color = self.colors.zero if values[s] == 0.0 else color
                dots.add(Dot(p, radius=self.DOT_RADIUS, color=dot_color))
            if len(points) >= 2:
                lines.add(
                    VMobject(
                        stroke_color=color, stroke_width=self.TRAIL_WIDTH
                    ).set_points_as_corners(points)
                )
            boxes.add(box)
            borders.add(border)
            panels.add(zoomed.frame)
        notes = self.zoom_notes()
        return {"boxes": boxes, "borders": borders, "panels": panels, "dots": dots,
                "lines": lines, "notes": notes}  # fmt: skip

    def zoom_notes(self) -> VGroup:
        """Under the zoom: L1 exactly 0 since its landing; L2's last iterate, not 0."""
        d, zero, l2 = self.data, self.colors.zero, self.colors.l2
        l1_note = self.sentence(
            ["exactly", Num(d.l1[-1], "l1_last"), "since step",
             Num(self.zero_step, "l1_zero_since")],
            zero,
            TYPE.label,
        )  # fmt: skip
        l2_note = self.sentence(
            ["still", Num(d.l2_last, "l2_last"), "at step", Num(self.n, "l2_last_step")],
            l2,
            TYPE.label,
        )
        l1_note.move_to([-self.PANEL_X, self.READOUT_Y, 0])
        l2_note.move_to([self.PANEL_X, self.READOUT_Y, 0])
        return VGroup(l1_note, l2_note)

    # ------------------------------------------------------------------ reason

    def reason(self) -> dict:
        """The two penalty gradients on equal axes, with the run's iterates on them: sign(w)
        is ±1 at every iterate until the landing, w shrinks with the iterates."""
        d = self.data
        reach = max(abs(float(d.l1[0])), 1.0)
        frames, labels, curves, dots = VGroup(), VGroup(), VGroup(), VGroup()
        half = np.linspace(0.0, reach, self.GRID_POINTS)[1:]
        for side, color, tex, gradient, values in (
            (
                -1,
                self.colors.l1,
                r"\frac{d}{dw}|w| = \mathrm{sign}(w)",
                maths.l1_subgradient,
                d.l1,
            ),
            (1, self.colors.l2, r"\frac{d}{dw}\frac{1}{2}w^2 = w", maths.l2_gradient, d.l2),
        ):
            axes = Axes(
                x_range=[-reach, reach, reach],
                y_range=[-reach, reach, reach],
                x_length=self.PANEL_WIDTH,
                y_length=self.PANEL_HEIGHT,
                tips=False,
                axis_config={"color": self.colors.muted, "include_ticks": False},
            ).move_to([side * self.PANEL_X, self.PANEL_Y, 0])
            w_name = formula("w", self.colors.muted, self.LABEL_SIZE)
            frames.add(axes, w_name.next_to(axes.x_axis, RIGHT, buff=0.1))
            label = formula(tex, color, self.FORMULA_SIZE)
            labels.add(label.next_to(axes, UP, buff=0.15))
            for branch in (-half[::-1], half):
                curve = VMobject(stroke_color=color, stroke_width=self.TRAIL_WIDTH * 1.5)
                curves.add(curve.set_points_as_corners(axes.c2p(branch, gradient(branch)).T))
            at_zero = Dot(
                axes.c2p(0.0, float(gradient(0.0))), radius=self.TRAIL_DOT_RADIUS * 1.5, color=color
            )
            curves.add(at_zero)
            steps = [s for s in self.shown if s <= (self.zero_step if side < 0 else self.n)]
            heights = gradient(values[steps])
            for s, h in zip(steps, heights, strict=True):
                dot_color = self.colors.zero if values[s] == 0.0 else color
                dots.add(
                    Dot(axes.c2p(values[s], h), radius=self.TRAIL_DOT_RADIUS * 1.5, color=dot_color)
                )
        moral = VGroup(
            text("a full-size pull until it lands", self.colors.l1, TYPE.label, weight="BOLD"),
            text("a pull that fades with w", self.colors.l2, TYPE.label, weight="BOLD"),
        )
        for side, line in zip((-1, 1), moral, strict=True):
            line.move_to([side * self.PANEL_X, self.READOUT_Y, 0])
        return {"frames": frames, "labels": labels, "curves": curves, "dots": dots, "moral": moral}
