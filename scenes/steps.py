"""Step by step: from the same start, L1's update lands on exactly 0, L2's never arrives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import manim
import numpy as np
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, text

from whyl1 import maths, sources, stories
from whyl1.results import StepsResult
from whyl1.theme import FONT_FAMILY, MANIM_BODY_SIZE, TYPE, number_text


@dataclass
class Panel:
    """Axes of ``w`` against the step, plus what maps an iterate onto them.

    ``first_step`` is the step drawn at the left end: 0 for the full run, later for
    the zoom, whose axes start there (manim's Axes cross at their own origin).
    """

    axes: manim.Axes
    first_step: int
    frame: manim.VGroup  # axes, end labels and the w axis name
    step_name: manim.VGroup  # "step" after the step axis (the zoom leaves it out)

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
    PANEL_WIDTH = 5.3
    PANEL_GAP = 1.6  # between the panels: room for the left one's "step" and the right one's w
    LABEL_ROOM = 0.5  # above and below a panel, for its end labels and the zoom's frame
    ROW_GAP = 0.15  # between rows of text
    BORDER_BUFF = 0.05  # between a zoomed panel and its frame
    NOTE_CLEARANCE = 0.45  # the landing note ends this far before the step axis does
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
    STEP_TIME_MIN = 0.2  # the steps share the time of the words said over them
    ZOOM_TIME = 2.5
    PAUSE = 1.5

    def construct(self) -> None:
        d = self.data
        self.n = len(d.l1) - 1
        self.zero_step = d.l1_zero_step
        self.shown = self.shown_steps()
        self.k = manim.ValueTracker(0.0)

        # Show the setting and the two update rules
        self.next_section("rules")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        setting = self.setting().match_y(heading).to_edge(manim.RIGHT)
        rules = self.rules(below=heading)
        w0, eta = number_text(d.l1[0]), number_text(self.values["eta"])
        step, factor = number_text(d.l1_step_size), number_text(d.l2_factor)
        with self.beat(
            "Start with the simplest case: gradient descent on the penalty alone, with no "
            f"data, from w = {w0} with learning rate η = {eta}."
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.INTRO_TIME)
            beat.until(f"from w = {w0}")
            self.play(manim.FadeIn(setting), run_time=self.INTRO_TIME)
        with self.beat(
            f"For L1 the gradient is sign(w), so every step moves w the same ηλ = {step} "
            "toward zero. For L2 the gradient is w itself, so every step multiplies w by "
            f"1 − ηλ = {factor}."
        ) as beat:
            for side in range(2):
                beat.until("For L1" if side == 0 else "For L2")
                shown = manim.VGroup(rules["rules"][side], rules["rates"][side])
                self.play(manim.FadeIn(shown, shift=0.2 * manim.DOWN), run_time=self.INTRO_TIME)

        # Take the steps side by side, until L1 lands
        self.next_section("steps")
        # The panels fill the height between the rates and the source line
        top = rules["rates"].get_bottom()[1] - self.LABEL_ROOM
        bottom = source.get_top()[1] + self.ROW_GAP + self.LABEL_ROOM
        self.panel_height, self.panel_y = top - bottom, (top + bottom) / 2
        self.l1_panel = self.panel(-1, 0, float(d.l1[0]), "l1")
        self.l2_panel = self.panel(1, 0, float(d.l2[0]), "l2")
        markers = manim.VGroup(
            self.marker(self.l1_panel, d.l1, self.colors.l1),
            self.marker(self.l2_panel, d.l2, self.colors.l2),
        )
        trails = manim.VGroup(
            self.trail(self.l1_panel, d.l1, self.colors.l1, self.TRAIL_WIDTH, 0),
            self.trail(self.l1_panel, d.l1, self.colors.zero, self.ZERO_WIDTH, self.zero_step),
            self.trail(self.l2_panel, d.l2, self.colors.l2, self.TRAIL_WIDTH, 0),
        )
        readout_labels, self.readout_numbers = self.readouts(step_at=rules["rules"])
        self.current_readout = self.readout_numbers[0]
        self.trail_dot_group = manim.VGroup()
        with self.beat("Here are both runs side by side: the weight against the step number."):
            self.play(
                *(manim.Create(panel.frame) for panel in (self.l1_panel, self.l2_panel)),
                *(manim.FadeIn(panel.step_name) for panel in (self.l1_panel, self.l2_panel)),
                manim.FadeIn(readout_labels, self.current_readout),
                run_time=self.INTRO_TIME,
            )
            self.add(trails, markers, self.trail_dots(0))
        landing = self.shown.index(self.zero_step)
        with self.beat(
            "L1 takes equal steps down, while the steps of L2 get smaller and smaller. "
            f"Watch the L1 dot: after {self.zero_step} steps it lands on exactly 0."
        ) as beat:
            # the dot lands, and turns the zero colour, as "exactly zero" is said
            self.take_steps(1, landing, seconds=beat.seconds_to("exactly 0"))
            beat.until("exactly 0")

        # L1 lands on exactly 0, and stays there while L2 keeps shrinking
        self.next_section("landing")
        landed = self.landing_note()
        with self.beat(
            "Its last step was as big as its first, so it arrives in finitely many steps. "
            "And there it stays, because sign(0) = 0."
        ):
            self.play(
                manim.Flash(self.l1_panel.point(self.zero_step, 0.0), color=self.colors.zero),
                manim.FadeIn(landed, shift=0.2 * manim.UP),
                run_time=self.INTRO_TIME,
            )
        with self.beat(
            "L2 keeps creeping toward zero, but each step removes only a fraction of what is left."
        ) as beat:
            self.take_steps(landing + 1, len(self.shown) - 1, seconds=beat.remaining)

        # Zoom into the last steps: L2 is still not 0
        self.next_section("zoom")
        zoom = self.zoom()
        with self.beat(f"Zoom in on the last {self.ZOOM_STEPS} steps.") as beat:
            self.play(*(manim.Create(box) for box in zoom["boxes"]), run_time=self.ZOOM_TIME)
        with self.beat(
            f"L1 has sat on exactly 0 since step {self.zero_step}. L2 is still "
            f"{number_text(d.l2_last)} after {self.n} steps: a fraction of a number that is "
            "not zero is never zero."
        ) as beat:
            self.play(
                manim.FadeOut(trails, markers, self.trail_dot_group, landed),
                *(
                    manim.FadeOut(panel.frame, panel.step_name)
                    for panel in (self.l1_panel, self.l2_panel)
                ),
                *(
                    manim.ReplacementTransform(b, z)
                    for b, z in zip(zoom["boxes"], zoom["borders"], strict=True)
                ),
                manim.FadeIn(zoom["panels"]),
                manim.FadeIn(zoom["dots"]),
                manim.Create(zoom["lines"]),
                run_time=self.ZOOM_TIME,
            )
            beat.until("L2 is still")
            self.play(
                manim.FadeOut(readout_labels, self.current_readout),
                manim.FadeIn(zoom["notes"], shift=0.2 * manim.UP),
                run_time=self.PAUSE,
            )

        # The reason: the gradients of the penalties, sign(w) against w
        self.next_section("reason")
        reason = self.reason(top=rules["rules"].get_top()[1], bottom=source.get_top()[1])
        with self.beat("Why? Compare the gradients of the two penalties, plotted against w."):
            self.play(
                manim.FadeOut(
                    zoom["panels"], zoom["borders"], zoom["dots"], zoom["lines"], zoom["notes"]
                ),
                manim.FadeOut(rules["rates"]),
                run_time=self.INTRO_TIME,
            )
            self.play(
                manim.Create(reason["frames"]),
                manim.ReplacementTransform(rules["rules"], reason["labels"]),
                run_time=self.INTRO_TIME,
            )
        with self.beat(
            "sign(w) keeps its full size all the way down to zero, so L1 keeps taking full "
            "steps until it lands. The gradient w fades with the weight, so the steps of L2 "
            "fade too, and zero stays out of reach.",
            pause=2 * self.PAUSE,
        ) as beat:
            self.play(
                manim.Create(reason["curves"]),
                manim.FadeIn(reason["dots"]),
                run_time=self.INTRO_TIME,
            )
            beat.until("so L1 keeps")
            self.play(manim.Write(reason["moral"][0]), run_time=self.INTRO_TIME)
            beat.until("so the steps of L2")
            self.play(manim.Write(reason["moral"][1]), run_time=self.INTRO_TIME)

    # ------------------------------------------------------------------ setting

    def shown_steps(self) -> list[int]:
        """The steps that get a readout: every step for short runs, otherwise an even
        subset that always contains L1's landing step and the last step."""
        if self.n <= self.MAX_SHOWN_STEPS:
            return list(range(self.n + 1))
        subset = np.round(np.linspace(0, self.n, self.MAX_SHOWN_STEPS + 1)).astype(int)
        return sorted({*subset.tolist(), self.zero_step})

    def setting(self) -> manim.VGroup:
        """w₀, η and λ, the story's parameters."""
        fg, v = self.colors.foreground, self.values
        parts = [
            self.sentence([label, Num(v[key], key)], fg, TYPE.label)
            for label, key in (("w₀ =", "w0"), ("η =", "eta"), ("λ =", "lam"))
        ]
        return manim.VGroup(*parts).arrange(manim.RIGHT, buff=0.7)

    def sentence(self, parts: list[str | Num], color: str, scale: float) -> manim.VGroup:
        """Words and numbers set as one line of text, so they share a baseline (a number
        beside a separate label would sit by its centre). Each number is a
        ``self.number`` placed over its own glyphs, so the tests see it; returns one
        piece per part."""
        words = [p if isinstance(p, str) else number_text(p.value) for p in parts]
        # text() in the project font, but with one submobject per character, spaces
        # included (no "fi" ligature), so each part's glyphs can be counted off
        sentence = " ".join(words)
        line = manim.Text(
            sentence,
            font=FONT_FAMILY,
            color=color,
            font_size=MANIM_BODY_SIZE * scale,
            disable_ligatures=True,
        )
        if len(line) != len(sentence):
            raise ValueError(f"cannot split {sentence!r} into its parts")
        pieces, start = manim.VGroup(), 0
        for part, word in zip(parts, words, strict=True):
            end = start + len(word)
            glyphs = manim.VGroup(*(glyph for glyph in line[start:end] if glyph.has_points()))
            if isinstance(part, Num):
                number = self.number(part.value, part.color or color, key=part.key, scale=scale)
                glyphs = number.move_to(glyphs)
            pieces.add(glyphs)
            start = end + 1  # the space between parts
        return pieces

    def rules(self, below: manim.Mobject) -> dict:
        """Each update rule, and under it what it does to w in numbers, in rows under
        ``below``, each centred over its panel."""
        d, l1, l2, muted = self.data, self.colors.l1, self.colors.l2, self.colors.muted
        rules = manim.VGroup(
            row(
                text("L1", l1, TYPE.body, weight="BOLD"),
                formula(r"w \leftarrow w - \eta\lambda\cdot\mathrm{sign}(w)", l1),
            ),
            row(
                text("L2", l2, TYPE.body, weight="BOLD"),
                formula(r"w \leftarrow w - \eta\lambda w", l2),
            ),
        )
        rates = manim.VGroup(
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
        rules.arrange(manim.RIGHT).next_to(below, manim.DOWN, buff=self.ROW_GAP)
        rates.arrange(manim.RIGHT).next_to(rules, manim.DOWN, buff=self.ROW_GAP)
        for side, rule, rate in zip((-1, 1), rules, rates, strict=True):
            rule.set_x(self.panel_x(side))
            rate.set_x(self.panel_x(side))
        return {"rules": rules, "rates": rates}

    # ------------------------------------------------------------------ panels

    def panel_x(self, side: int) -> float:
        """The centre of the left (``side`` −1) or right (1) panel."""
        return side * (self.PANEL_WIDTH + self.PANEL_GAP) / 2

    def panel(self, side: int, first_step: int, w_edge: float, name: str) -> Panel:
        """Axes of w (from 0 to ``w_edge``, either sign) against steps ``first_step`` to n,
        on the left (``side`` −1) or the right (1) at the panels' height.

        Labels: ``w_edge`` beyond the far end of the w axis, the last step (and the first,
        unless it is 0) on the side of the step axis without data. The step axis is the
        line w = 0; the full runs label it 0 at the origin, the zoom leaves that corner
        to its first step.
        """
        low, high = min(0.0, w_edge), max(0.0, w_edge)
        axes = self.plot_axes(
            (0, self.n - first_step), (low, high), self.PANEL_WIDTH, self.panel_height
        )
        axes.move_to([self.panel_x(side), self.panel_y, 0])
        muted, scale = self.colors.muted, TYPE.small
        step_name = text("step", muted, scale).next_to(axes.x_axis, manim.RIGHT, buff=0.15)
        panel = Panel(axes, first_step, manim.VGroup(axes), manim.VGroup(step_name))
        data_side = manim.UP if w_edge > 0 else manim.DOWN
        for step, key in ((first_step, f"{name}_axis_first"), (self.n, f"{name}_axis_last")):
            if step == 0:
                continue
            label = self.number(step, muted, key=key, scale=scale)
            panel.frame.add(label.next_to(panel.point(step, 0.0), -data_side, buff=0.12))
        edge = self.number(w_edge, muted, key=f"{name}_axis_edge", scale=scale, digits=3)
        panel.frame.add(edge.next_to(panel.point(first_step, w_edge), data_side, buff=0.12))
        if first_step == 0:
            zero = self.number(0.0, muted, key=f"{name}_axis_zero", scale=scale)
            panel.frame.add(zero.next_to(panel.point(0, 0.0), manim.LEFT, buff=0.12))
        w_name = formula("w", muted, LABEL_SIZE).next_to(axes.y_axis, manim.LEFT, buff=0.25)
        panel.frame.add(w_name)
        return panel

    def empty_corner(self, panel: Panel) -> np.ndarray:
        """The direction of a panel's corner that the runs never reach: the last steps,
        on the side of the step axis where the data started."""
        return manim.RIGHT + (manim.UP if self.data.l1[0] > 0 else manim.DOWN)

    def current_w(self, iterates: np.ndarray) -> tuple[float, float]:
        """(step, w) of the marker at the tracker's (fractional) step, on the segment
        between the two iterates around it; w is exactly the iterate on a whole step,
        and exactly 0.0 along a run of zeros."""
        k = min(max(self.k.get_value(), 0.0), float(self.n))
        i = min(int(np.floor(k + 1e-9)), self.n - 1)
        return k, float(iterates[i] + (k - i) * (iterates[i + 1] - iterates[i]))

    def position(self, panel: Panel, iterates: np.ndarray) -> np.ndarray:
        return panel.point(*self.current_w(iterates))

    def marker(self, panel: Panel, iterates: np.ndarray, color: str) -> manim.Dot:
        """The current iterate; in the zero colour exactly when it is at w = 0.0."""

        def follow() -> tuple[np.ndarray, bool]:
            k, w = self.current_w(iterates)
            return panel.point(k, w), w == 0.0

        return self.zero_dot(follow, color, self.DOT_RADIUS).set_z_index(2)

    def trail(
        self, panel: Panel, iterates: np.ndarray, color: str, width: float, start: int
    ) -> manim.VMobject:
        """The path from iterate ``start`` to the marker (nothing before the marker passes
        ``start``)."""
        steps = np.arange(self.n + 1)
        line = manim.VMobject(stroke_color=color, stroke_width=width)

        def update(m: manim.VMobject) -> None:
            k = self.k.get_value()
            if k <= start:
                m.clear_points()
                return
            done = (steps >= start) & (steps < k)
            points = panel.points(steps[done], iterates[done])
            m.set_points_as_corners(np.vstack([points, self.position(panel, iterates)]))

        return line.add_updater(update, call_updater=True)

    def trail_dots(self, step: int) -> manim.VGroup:
        """Small dots on both panels at one shown iterate, left behind by the markers."""
        d = self.data
        dots = manim.VGroup(
            *(
                manim.Dot(
                    panel.point(step, values[step]),
                    radius=self.TRAIL_DOT_RADIUS,
                    color=self.tint(values[step], color),
                )
                for panel, values, color in (
                    (self.l1_panel, d.l1, self.colors.l1),
                    (self.l2_panel, d.l2, self.colors.l2),
                )
            )
        ).set_z_index(1)
        self.trail_dot_group.add(dots)
        return dots

    def readouts(self, step_at: manim.Mobject) -> tuple[manim.VGroup, list[manim.VGroup]]:
        """The step count (between the two rules, ``step_at``) and each iterate (in its
        panel's empty corner): the labels once, and the three numbers of every shown step,
        built in advance and swapped in as the markers arrive (no typesetting per frame).
        Later numbers sit on the first ones' baseline (digits have no descenders, so their
        bottoms are the baseline)."""
        d, fg, l1, l2 = self.data, self.colors.foreground, self.colors.l1, self.colors.l2
        start = self.shown[0]
        lines = (
            (fg, ["step", Num(start, f"step_{start}")]),
            (l1, ["w =", Num(d.l1[start], f"l1_{start}")]),
            (l2, ["w =", Num(d.l2[start], f"l2_{start}")]),
        )
        labels, first_numbers = manim.VGroup(), manim.VGroup()
        for color, parts in lines:
            label, number = self.sentence(parts, color, TYPE.label)
            labels.add(label)
            first_numbers.add(number)
        values = [first_numbers]
        for step in self.shown[1:]:
            numbers = manim.VGroup(
                self.number(step, fg, key=f"step_{step}", scale=TYPE.label),
                self.number(
                    d.l1[step], self.tint(d.l1[step], l1), key=f"l1_{step}", scale=TYPE.label
                ),
                self.number(d.l2[step], l2, key=f"l2_{step}", scale=TYPE.label),
            )
            values.append(numbers)
        # Place each readout (label and its widest number) where it belongs, then every
        # later number on the first one's left edge and baseline
        for index, line in enumerate(zip(labels, first_numbers, strict=True)):
            widest = max(numbers[index].width for numbers in values)
            readout = manim.VGroup(*line)
            reach = line[1].get_left()[0] - line[0].get_left()[0] + widest
            if index == 0:  # centred between the rules
                readout.match_y(step_at).shift((-reach / 2 - line[0].get_left()[0]) * manim.RIGHT)
                continue
            panel = self.l1_panel if index == 1 else self.l2_panel
            corner = self.empty_corner(panel)
            readout.move_to(panel.axes.get_corner(corner), aligned_edge=corner)
            readout.shift((readout.width - reach) * manim.RIGHT)
        for numbers in values[1:]:
            for number, first in zip(numbers, first_numbers, strict=True):
                number.align_to(first, manim.LEFT).align_to(first, manim.DOWN)
        return labels, values

    def take_steps(self, first: int, last: int, seconds: float) -> None:
        """Move both markers through shown steps ``first`` to ``last`` (indices into
        ``self.shown``) in ``seconds`` (spoken over, so fitted to the speech); on arrival,
        swap in the readouts and drop a dot at the iterate."""
        finish = self.renderer.time + seconds
        for index in range(first, last + 1):
            step, new = self.shown[index], self.readout_numbers[index]
            # each step aims at its share of what is left: frames do not pile up
            step_time = max((finish - self.renderer.time) / (last + 1 - index), self.STEP_TIME_MIN)
            self.play(self.k.animate.set_value(step), run_time=step_time, rate_func=manim.smooth)
            self.remove(self.current_readout)
            self.add(new, self.trail_dots(step))
            self.current_readout = new

    def landing_note(self) -> manim.VGroup:
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
        data_side = manim.UP if d.l1[0] > 0 else manim.DOWN
        note.next_to(self.l1_panel.point(self.zero_step, 0.0), -data_side, buff=0.15)
        if note.get_right()[0] > axis.get_right()[0] - self.NOTE_CLEARANCE:
            note.align_to(axis.get_right() - [self.NOTE_CLEARANCE, 0, 0], manim.RIGHT)
        if note.get_left()[0] < axis.get_left()[0]:
            note.align_to(axis, manim.LEFT)
        return note

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> dict:
        """Both panels magnified onto the last steps, at the same scale: L1's iterates lie
        on 0, L2's last ones are still visibly above it."""
        d = self.data
        first = max(0, self.n - self.ZOOM_STEPS)
        edge = float(d.l2[first])
        boxes, borders, panels, dots, lines = (
            manim.VGroup(),
            manim.VGroup(),
            manim.VGroup(),
            manim.VGroup(),
            manim.VGroup(),
        )
        accent = self.colors.accent
        self.zoom_panels: list[Panel] = []
        for side, run, values, color, name in (
            (-1, self.l1_panel, d.l1, self.colors.l1, "l1"),
            (1, self.l2_panel, d.l2, self.colors.l2, "l2"),
        ):
            corner_a, corner_b = run.point(first, edge), run.point(self.n, 0.0)
            box = manim.Rectangle(
                width=abs(corner_b[0] - corner_a[0]) + 0.3,
                height=abs(corner_b[1] - corner_a[1]) + 0.3,
                color=accent,
            ).move_to((corner_a + corner_b) / 2)
            zoomed = self.panel(side, first, edge, f"{name}_zoom")
            self.zoom_panels.append(zoomed)
            border = manim.SurroundingRectangle(zoomed.frame, color=accent, buff=self.BORDER_BUFF)
            steps = [s for s in range(first, self.n + 1) if abs(values[s]) <= abs(edge)]
            points = [zoomed.point(s, values[s]) for s in steps]
            for s, p in zip(steps, points, strict=True):
                dots.add(manim.Dot(p, radius=self.DOT_RADIUS, color=self.tint(values[s], color)))
            if len(points) >= 2:
                line = manim.VMobject(stroke_color=color, stroke_width=self.TRAIL_WIDTH)
                lines.add(line.set_points_as_corners(points))
            boxes.add(box)
            borders.add(border)
            panels.add(zoomed.frame)
        notes = self.zoom_notes()
        return {
            "boxes": boxes,
            "borders": borders,
            "panels": panels,
            "dots": dots,
            "lines": lines,
            "notes": notes,
        }

    def zoom_notes(self) -> manim.VGroup:
        """In each zoomed panel's empty corner: L1 exactly 0 since its landing; L2's last
        iterate, not 0."""
        d, zero, l2 = self.data, self.colors.zero, self.colors.l2
        l1_note = manim.VGroup(
            self.sentence(["exactly", Num(d.l1[-1], "l1_last")], zero, TYPE.label),
            self.sentence(["since step", Num(self.zero_step, "l1_zero_since")], zero, TYPE.label),
        )
        l2_note = manim.VGroup(
            self.sentence(["still", Num(d.l2_last, "l2_last")], l2, TYPE.label),
            self.sentence(["at step", Num(self.n, "l2_last_step")], l2, TYPE.label),
        )
        notes = manim.VGroup()
        for note, panel in zip((l1_note, l2_note), self.zoom_panels, strict=True):
            corner = self.empty_corner(panel)
            note.arrange(manim.DOWN, aligned_edge=manim.RIGHT, buff=self.ROW_GAP)
            notes.add(note.move_to(panel.axes.get_corner(corner), aligned_edge=corner))
        return notes

    # ------------------------------------------------------------------ reason

    def reason(self, top: float, bottom: float) -> dict:
        """The two penalty gradients on equal axes, with the run's iterates on them: sign(w)
        is ±1 at every iterate until the landing, w shrinks with the iterates. Each under
        its formula (which takes the update rule's place), filling the height from ``top``
        to ``bottom`` with the moral below."""
        d = self.data
        reach = max(abs(float(d.l1[0])), 1.0)
        moral = manim.VGroup(
            text("a full-size pull until it lands", self.colors.l1, TYPE.label, weight="BOLD"),
            text("a pull that fades with w", self.colors.l2, TYPE.label, weight="BOLD"),
        )
        labels = manim.VGroup(
            formula(r"\frac{d}{dw}|w| = \mathrm{sign}(w)", self.colors.l1),
            formula(r"\frac{d}{dw}\frac{1}{2}w^2 = w", self.colors.l2),
        )
        labels.arrange(manim.RIGHT).move_to([0, top - labels.height / 2, 0])
        moral.arrange(manim.RIGHT).move_to([0, bottom + self.ROW_GAP + moral.height / 2, 0])
        height = labels.get_bottom()[1] - moral.get_top()[1] - 2 * self.ROW_GAP
        frames, curves, dots = manim.VGroup(), manim.VGroup(), manim.VGroup()
        half = np.linspace(0.0, reach, self.GRID_POINTS)[1:]
        self.gradient_axes: list[manim.Axes] = []
        for panel, color, gradient, values, label, line in (
            (self.l1_panel, self.colors.l1, maths.l1_subgradient, d.l1, labels[0], moral[0]),
            (self.l2_panel, self.colors.l2, maths.l2_gradient, d.l2, labels[1], moral[1]),
        ):
            axes = self.plot_axes((-reach, reach), (-reach, reach), self.PANEL_WIDTH, height)
            axes.match_x(panel.axes).set_y((labels.get_bottom()[1] + moral.get_top()[1]) / 2)
            self.gradient_axes.append(axes)
            label.match_x(axes)
            line.match_x(axes)
            w_name = formula("w", self.colors.muted, LABEL_SIZE)
            frames.add(axes, w_name.next_to(axes.x_axis, manim.RIGHT, buff=0.1))
            for branch in (-half[::-1], half):
                curve = manim.VMobject(stroke_color=color, stroke_width=self.TRAIL_WIDTH * 1.5)
                curves.add(curve.set_points_as_corners(axes.c2p(branch, gradient(branch)).T))
            at_zero = axes.c2p(0.0, float(gradient(0.0)))
            curves.add(manim.Dot(at_zero, radius=self.TRAIL_DOT_RADIUS * 1.5, color=color))
            last = self.zero_step if panel is self.l1_panel else self.n
            steps = [s for s in self.shown if s <= last]
            for s, h in zip(steps, gradient(values[steps]), strict=True):
                dot_color = self.tint(values[s], color)
                dots.add(
                    manim.Dot(
                        axes.c2p(values[s], h), radius=self.TRAIL_DOT_RADIUS * 1.5, color=dot_color
                    )
                )
        return {"frames": frames, "labels": labels, "curves": curves, "dots": dots, "moral": moral}
