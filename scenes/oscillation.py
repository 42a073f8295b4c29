"""The bounce: plain subgradient steps loop around 0 forever; the clamp and the prox step land."""

from __future__ import annotations

from itertools import pairwise

import manim
import numpy as np
from whyl1.scenes.common import StoryScene, formula, row, text

from whyl1 import sources, stories
from whyl1.results import OscillationResult
from whyl1.theme import TYPE, number_text


class OscillationScene(StoryScene):
    """From ``w0`` the plain L1 subgradient step walks to just short of 0, then hops over
    it and back forever (0.1 ↔ −0.4 from 5.1); the clamp and the proximal step land on
    exactly 0; with a data loss a smaller η only shrinks the bounce, in proportion to η.

    Numbers are shown to six significant digits: 5.1 − 10·0.5 is 0.0999999999999996 in
    floating point, which a lecturer writes (and this scene shows) as 0.1.
    """

    story = "oscillation"
    data: OscillationResult

    # Layout (Manim units)
    LINE_LENGTH = 11.2  # the number line, approach and zoom alike
    APPROACH_PAD = 0.08  # approach line margin, as a fraction of its span
    ZOOM_PAD = 0.3  # zoomed line reaches ±(1 + ZOOM_PAD)·ηλ
    TICK = 0.12
    ROW_GAP = 0.12  # between rows of text, and between text and a line
    DOT_RADIUS = 0.11
    HOP_ANGLE = np.pi / 2  # arc of a hop: leftward hops pass above the line, rightward below
    ARC_STROKE = 4.0
    BAND_HEIGHT = 0.5  # the soft-threshold's dead zone, drawn as a band on the line
    BAND_OPACITY = 0.3
    GHOST_OPACITY = 0.3  # the plain loop, dimmed while the cures are shown
    # The data-loss table: one row per η of the sweep, its iterates as a small plot
    TAIL_WIDTH = 7.2  # the rows' plots together are over half the frame wide
    COLUMN_GAP = 0.45  # between the table's columns
    # Counts
    MAX_HOPS = 12  # approach hops animated one by one; longer walks skip their middle
    SKIP_KEEP = 3  # hops kept at each end of a skipped walk
    LOOP_CYCLES = 2  # times round the loop (each cycle is two steps)
    # Timing (seconds)
    SHOW_TIME = 2.5
    ZOOM_TIME = 2.0
    PAUSE = 2.0

    def construct(self) -> None:
        d, v, colors = self.data, self.values, self.colors
        self.plain = d.subgradient
        self.step_size = float(d.step_size)
        self.turn = self.last_before_crossing()
        turn, last = self.turn, len(self.plain) - 1

        # Show the plain subgradient update and its numbers
        self.next_section("rule")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        rule = self.rule_row().next_to(heading, manim.DOWN, buff=2 * self.ROW_GAP).set_x(0)
        # The number line sits half way between the rules and the source line, the
        # readout half way between it and the source line
        self.line_y = (rule.get_bottom()[1] + source.get_top()[1]) / 2
        self.readout_y = (self.line_y + source.get_top()[1]) / 2
        self.rule_y = rule.get_y()
        plain, show = self.plain, self.shown
        with self.beat(
            "The subgradient step of L1 has a catch: every step moves the weight the same "
            f"ηλ toward zero, whatever its size. What if we start from w = {show(v['w0'])}, "
            "not a whole number of steps away?"
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.SHOW_TIME)
            beat.until("every step")
            self.play(manim.FadeIn(rule, shift=0.2 * manim.DOWN), run_time=self.SHOW_TIME)

        # Walk toward zero on the full number line
        self.next_section("approach")
        axis, marks = self.approach_axis()
        line = axis[0]
        dot = manim.Dot(line.n2p(plain[0]), radius=self.DOT_RADIUS, color=colors.l1)
        readout = self.readout("subgradient", 0, plain[0], colors.l1)
        with self.beat(
            f"It walks down in steps of {show(self.step_size)}: {show(plain[0])}, "
            f"{show(plain[1])}, {show(plain[2])}, and so on, to {show(plain[turn])}. "
            "That is less than one step from zero, but not on it."
        ) as beat:
            self.play(
                manim.Create(axis),
                manim.FadeIn(marks),
                manim.FadeIn(dot),
                manim.FadeIn(readout),
                run_time=self.SHOW_TIME,
            )
            trail = self.walk(dot, readout, line, seconds=beat.seconds_to("That is less"))
            beat.until("That is less")

        # Zoom in around 0: the step from there overshoots
        self.next_section("loop")
        zoom_axis, zoom_marks = self.zoom_axis()
        self.zoom = zoom_axis[0]
        with self.beat(
            f"Zoom in. From {show(plain[turn])} a full step jumps over zero, to "
            f"{show(plain[turn + 1])}. There the subgradient flips, and the next step takes "
            f"it back to {show(plain[turn + 2])}."
        ) as beat:
            self.play(
                manim.ReplacementTransform(axis, zoom_axis),
                manim.FadeOut(marks),
                manim.FadeOut(trail),
                manim.FadeIn(zoom_marks),
                dot.animate.move_to(self.zoom.n2p(plain[turn])),
                run_time=self.ZOOM_TIME,
            )
            loop = self.bounce(dot, readout, seconds=beat.remaining)

        # It never stops: the last step computed is still on the loop
        final = self.readout("subgradient", last, plain[last], colors.l1)
        with self.beat(
            f"After {show(last)} steps it is still {show(plain[last])}: the plain step "
            "bounces around zero forever."
        ):
            self.play(manim.Transform(readout, final), run_time=self.SHOW_TIME)

        # The clamp: a step that would cross 0 stops on it
        self.next_section("clamp")
        clamp_rule = self.cure_row("clamp:", r"w \leftarrow 0", "when a step would cross 0")
        with self.beat(
            "The first cure is to clamp: a step that would cross zero stops at exactly 0 "
            "instead, and stays there."
        ) as beat:
            self.play(
                *self.replace_row(rule, clamp_rule),
                manim.Transform(loop, self.dimmed(loop)),
                dot.animate.move_to(self.zoom.n2p(plain[turn])),
                manim.FadeOut(readout),
                run_time=self.SHOW_TIME,
            )
            clamp_marks = self.land(
                d.clamp, "clamp", dot, ghost=True, seconds=beat.seconds_to("exactly 0")
            )
            beat.until("exactly 0")
            self.play(manim.Transform(*clamp_marks[1:]), run_time=self.SHOW_TIME)  # and stays

        # The proximal step: soft-thresholding maps the whole band to 0
        self.next_section("prox")
        prox_rule = self.cure_row(
            "prox:",
            r"w \leftarrow \mathrm{sign}(w)\cdot\max(|w| - \eta\lambda,\, 0)",
            "(ISTA)",
        )
        band = self.dead_zone()
        with self.beat(
            "The second cure is the proximal step of ISTA, soft-thresholding. It sends every "
            "w within ηλ of zero to exactly 0: a whole band, not a single point."
        ) as beat:
            self.play(
                *self.replace_row(clamp_rule, prox_rule),
                manim.FadeOut(clamp_marks[:2]),
                run_time=self.SHOW_TIME,
            )
            band.set_z_index(-1)  # under the line and the markers
            beat.until("It sends")
            self.play(manim.FadeIn(band), run_time=self.SHOW_TIME)
            prox_marks = self.land(
                d.prox, "prox", dot, ghost=False, seconds=beat.seconds_to("exactly 0")
            )
            beat.until("exactly 0")
            self.play(manim.Transform(*prox_marks[1:]), run_time=max(beat.remaining, self.PAUSE))

        # With a data loss, a smaller η shrinks the bounce in proportion
        self.next_section("data-loss")
        stage = [m for m in self.mobjects if m not in (heading, source)]
        data_rule = self.data_rule()
        moral = text(
            "Smaller η, smaller bounce. Exact zeros: clamp or prox.",
            colors.foreground,
            TYPE.label,
            weight="BOLD",
        ).next_to(source, manim.UP, buff=self.ROW_GAP)
        with self.beat(
            "Now add a data loss, ½a(w − c)², whose optimum is still exactly 0, and go back to "
            "the plain step. Does a smaller learning rate help?"
        ):
            self.play(
                *(manim.FadeOut(m) for m in stage),
                manim.FadeIn(data_rule, shift=0.2 * manim.DOWN),
                run_time=self.SHOW_TIME,
            )
        header, rows = self.sweep_table(below=data_rule, above=moral)
        etas = d.with_data.etas
        with self.beat(
            f"Here are the last iterates for η from {show(etas[0])} down to {show(etas[-1])}, "
            "on one scale. Each time η halves, so does the bounce: bounce over η hardly "
            "changes."
        ) as beat:
            self.play(manim.FadeIn(header), run_time=self.SHOW_TIME / 2)
            row_time = beat.seconds_to("Each time") / len(rows)
            for table_row in rows:
                self.play(
                    manim.FadeIn(table_row["eta"]),
                    manim.Create(table_row["tail"]),
                    manim.FadeIn(table_row["width"]),
                    run_time=row_time,
                )
            beat.until("bounce over")
            self.play(
                *(manim.FadeIn(table_row["ratio"]) for table_row in rows), run_time=self.SHOW_TIME
            )

        # The moral
        with self.beat(
            "A smaller learning rate shrinks the bounce, but never removes it. Only the clamp "
            "and the proximal step give exact zeros.",
            pause=self.PAUSE,
        ) as beat:
            beat.until("Only the clamp")
            self.play(manim.Write(moral), run_time=self.SHOW_TIME)

    # ------------------------------------------------------------------ positions

    def last_before_crossing(self) -> int:
        """Index of the last plain iterate before the first step over 0: where the loop starts."""
        crossed = np.flatnonzero(self.plain[1:] * self.plain[:-1] < 0)
        return int(crossed[0])

    def shown(self, value: float) -> str:
        """A number as the scene shows it, for narration (the captions)."""
        return number_text(value)

    # ------------------------------------------------------------------ rows of text

    def rule_row(self) -> manim.VGroup:
        """The plain update rule and the story's w₀, η, λ and step size ηλ."""
        fg, scale = self.colors.foreground, TYPE.label
        v = self.values
        rule = formula(r"w \leftarrow w - \eta\lambda\cdot\mathrm{sign}(w)", self.colors.l1)
        parts = [rule]
        for tex, value, key in (
            (r"w_0 =", v["w0"], "w0"),
            (r"\eta =", v["eta"], "eta"),
            (r"\lambda =", v["lam"], "lam"),
            (r"\eta\lambda =", self.step_size, "step_size"),
        ):
            parts.append(row(formula(tex, fg), self.number(value, fg, key=key, scale=scale)))
        return manim.VGroup(*parts).arrange(manim.RIGHT, buff=0.55)

    def cure_row(self, name: str, tex: str, note: str) -> manim.VGroup:
        """A cure's name, its rule as a formula and a short note, in one row where the
        plain rule was."""
        colors = self.colors
        cure = row(
            text(name, colors.foreground, TYPE.label, weight="BOLD"),
            formula(tex, colors.l1),
            text(note, colors.muted, TYPE.small),
            buff=0.3,
        )
        return cure.move_to([0, self.rule_y, 0])

    def replace_row(self, old: manim.VGroup, new: manim.VGroup) -> list[manim.Animation]:
        """The row where the rule sits, handed on from one cure to the next: the old row
        leaves upwards as the new one rises into its place (played with the beat's other
        animations)."""
        return [
            manim.FadeOut(old, shift=0.2 * manim.UP),
            manim.FadeIn(new, shift=0.2 * manim.UP),
        ]

    def readout(self, method: str, step: int, value: float, color: str) -> manim.VGroup:
        """``step k   w = value`` for iterate ``step`` of ``method``, built once and swapped in."""
        fg, muted, scale = self.colors.foreground, self.colors.muted, TYPE.label
        readout = row(
            text("step", muted, scale),
            self.number(step, fg, key=f"{method}_step_{step}", scale=scale),
            text("w =", fg, scale),
            self.number(value, color, key=f"{method}_w_{step}", scale=scale),
            buff=0.18,
        )
        readout[2:].shift(0.25 * manim.RIGHT)
        return readout.move_to([0, self.readout_y, 0])

    # ------------------------------------------------------------------ number lines

    def axis(self, low: float, high: float, ticks: list[float]) -> manim.VGroup:
        """A number line from ``low`` to ``high`` across the frame at the line's height,
        with tick marks (labels added apart)."""
        line = manim.NumberLine(
            x_range=[low, high, high - low],
            length=self.LINE_LENGTH,
            include_ticks=False,
            color=self.colors.muted,
        ).move_to([0, self.line_y, 0])
        marks = manim.VGroup(
            *(
                manim.Line(
                    line.n2p(t) + self.TICK * manim.DOWN,
                    line.n2p(t) + self.TICK * manim.UP,
                    color=self.colors.muted,
                )
                for t in ticks
            )
        )
        return manim.VGroup(line, marks)

    def tick_label(
        self, line: manim.NumberLine, w: float, key: str, color: str | None = None
    ) -> manim.Mobject:
        label = self.number(w, color or self.colors.muted, key=key, scale=TYPE.small)
        return label.next_to(line.n2p(w), manim.DOWN, buff=0.25)

    def approach_axis(self) -> tuple[manim.VGroup, manim.VGroup]:
        """The number line over the whole walk, from ``w0`` to past 0, labelled at 0 and w₀."""
        values = np.append(self.plain, 0.0)
        low, high = float(values.min()), float(values.max())
        pad = self.APPROACH_PAD * (high - low)
        w0 = float(self.plain[0])
        axis = self.axis(low - pad, high + pad, [0.0, w0])
        line = axis[0]
        marks = manim.VGroup(
            self.tick_label(line, 0.0, "axis_zero"), self.tick_label(line, w0, "axis_w0")
        )
        return axis, marks

    def zoom_axis(self) -> tuple[manim.VGroup, manim.VGroup]:
        """The line zoomed to ±(1 + ZOOM_PAD)·ηλ around 0, ticked at 0 and ±ηλ."""
        s = self.step_size
        reach = (1.0 + self.ZOOM_PAD) * s
        axis = self.axis(-reach, reach, [-s, 0.0, s])
        return axis, manim.VGroup(self.tick_label(axis[0], 0.0, "zoom_zero"))

    def hop(self, start: np.ndarray, end: np.ndarray) -> manim.ArcBetweenPoints:
        """The path of one step: leftward hops arc above the line, rightward ones below."""
        return manim.ArcBetweenPoints(start, end, angle=self.HOP_ANGLE)

    def walk(
        self, dot: manim.Dot, readout: manim.VGroup, line: manim.NumberLine, seconds: float
    ) -> manim.VGroup:
        """Animate the walk to the last iterate before 0 in ``seconds`` (the words said over
        it); a long walk skips its middle."""
        turn = self.turn
        if turn > self.MAX_HOPS:
            keep = self.SKIP_KEEP
            shown = [*range(keep + 1), *range(turn - keep, turn + 1)]
        else:
            shown = list(range(turn + 1))
        trail = manim.VGroup()
        finish = self.renderer.time + seconds
        for index, (before, after) in enumerate(pairwise(shown)):
            hop_time = self.share(finish, len(shown) - 1 - index)
            start, end = line.n2p(self.plain[before]), line.n2p(self.plain[after])
            nxt = self.readout("subgradient", after, self.plain[after], self.colors.l1)
            if after == before + 1:
                path = self.hop(start, end)
                arc = path.copy().set_stroke(self.colors.l1, width=self.ARC_STROKE / 2, opacity=0.6)
                trail.add(arc)
                self.play(
                    manim.Create(arc),
                    manim.MoveAlongPath(dot, path),
                    manim.Transform(readout, nxt),
                    run_time=hop_time,
                    rate_func=manim.linear,
                )
            else:  # the skipped middle of a long walk: one straight glide
                self.play(
                    dot.animate.move_to(end), manim.Transform(readout, nxt), run_time=hop_time
                )
        return trail

    def bounce(self, dot: manim.Dot, readout: manim.VGroup, seconds: float) -> manim.VGroup:
        """Go round the loop LOOP_CYCLES times in ``seconds``; the two hops stay drawn as a
        closed loop."""
        colors, turn = self.colors, self.turn
        high, low = self.plain[turn], self.plain[turn + 1]
        p, q = self.zoom.n2p(high), self.zoom.n2p(low)
        arrows = manim.VGroup(
            manim.CurvedArrow(
                p, q, angle=self.HOP_ANGLE, color=colors.l1, stroke_width=self.ARC_STROKE
            ),
            manim.CurvedArrow(
                q, p, angle=self.HOP_ANGLE, color=colors.l1, stroke_width=self.ARC_STROKE
            ),
        )
        ends = manim.VGroup()
        for index, value in ((turn, high), (turn + 1, low)):
            side = manim.RIGHT if value > 0 else manim.LEFT
            label = self.number(value, colors.l1, key=f"loop_{index - turn}", scale=TYPE.label)
            ends.add(label.next_to(self.zoom.n2p(value), side + manim.UP, buff=0.15))
        last = len(self.plain) - 1
        steps = range(turn + 1, min(turn + 2 * self.LOOP_CYCLES, last) + 1)
        finish = self.renderer.time + seconds
        self.play(manim.FadeIn(ends[0]), run_time=self.share(finish, 2 * len(steps) + 1))
        for index, step in enumerate(steps):
            forward = (step - turn) % 2 == 1
            start, end = (p, q) if forward else (q, p)
            nxt = self.readout("subgradient", step, self.plain[step], colors.l1)
            drawing = []
            if step - turn <= 2:
                drawing = [manim.Create(arrows[0 if forward else 1])]
                if step == turn + 1:
                    drawing.append(manim.FadeIn(ends[1]))
            self.play(
                *drawing,
                manim.MoveAlongPath(dot, self.hop(start, end)),
                manim.Transform(readout, nxt),
                run_time=self.share(finish, len(steps) - index),
            )
        return manim.VGroup(arrows, ends)

    def share(self, finish: float, parts: int) -> float:
        """The run time of the next of ``parts`` equal animations that must end at scene
        time ``finish``: its share of what is left (so whole frames never pile up)."""
        frame = 1 / self.renderer.camera.frame_rate
        return max((finish - self.renderer.time) / parts, frame)

    def land(
        self, iterates: np.ndarray, method: str, dot: manim.Dot, ghost: bool, seconds: float
    ) -> manim.VGroup:
        """One cure's step from the loop's start, in ``seconds``: it lands on exactly 0 and
        takes the zero colour as they end. Returns the marker, its readout and the readout
        of the last step (transform the one into the other: it stays there).

        With ``ghost`` the plain step it replaces is drawn dashed first, to where it would
        have gone.
        """
        colors, turn = self.colors, self.turn
        start, end = self.zoom.n2p(iterates[turn]), self.zoom.n2p(iterates[turn + 1])
        mover = dot.copy().set_color(colors.l1).move_to(start)
        path = self.hop(start, end)
        arc = path.copy().set_stroke(colors.l1, width=self.ARC_STROKE)
        last = len(iterates) - 1
        landed = self.readout(method, turn + 1, iterates[turn + 1], colors.zero)
        stays = self.readout(method, last, iterates[last], colors.zero)
        finish = self.renderer.time + seconds
        animations = []
        if ghost:
            would = self.hop(start, self.zoom.n2p(self.plain[turn + 1]))
            dashed = manim.DashedVMobject(would.set_stroke(colors.muted, width=2), num_dashes=24)
            self.play(manim.Create(dashed), run_time=self.share(finish, 3))
            animations.append(manim.FadeOut(dashed))
        self.add(mover)
        self.play(
            manim.Create(arc),
            manim.MoveAlongPath(mover, path),
            manim.FadeIn(landed),
            run_time=self.share(finish, 2),
        )
        self.play(
            mover.animate.set_color(colors.zero).scale(1.3),
            manim.FadeOut(arc),
            *animations,
            run_time=self.share(finish, 1),
        )
        return manim.VGroup(mover, landed, stays)

    def dimmed(self, loop: manim.VGroup) -> manim.VGroup:
        """The loop at GHOST_OPACITY: arcs by their stroke, arrow tips by their fill (a
        plain set_opacity would fill the arcs in)."""
        ghost, (arrows, ends) = self.GHOST_OPACITY, loop.copy()
        for arrow in arrows:
            arrow.set_stroke(opacity=ghost)
            arrow.tip.set_fill(opacity=ghost).set_stroke(opacity=ghost)
        ends.set_opacity(ghost)
        return manim.VGroup(arrows, ends)

    def dead_zone(self) -> manim.VGroup:
        """The band |w| ≤ ηλ that soft-thresholding sends to 0, labelled at its ends."""
        s, colors = self.step_size, self.colors
        band = manim.Rectangle(
            width=self.zoom.n2p(s)[0] - self.zoom.n2p(-s)[0],
            height=self.BAND_HEIGHT,
            stroke_width=0,
            fill_color=colors.zero,
            fill_opacity=self.BAND_OPACITY,
        ).move_to(self.zoom.n2p(0.0))
        ends = manim.VGroup(
            self.tick_label(self.zoom, -s, "threshold_low", colors.zero),
            self.tick_label(self.zoom, s, "threshold_high", colors.zero),
        )
        return manim.VGroup(band, ends)

    # ------------------------------------------------------------------ the data-loss sweep

    def data_rule(self) -> manim.VGroup:
        """The subgradient step with the data loss, its a and c, and its optimum 0."""
        fg, scale, v = self.colors.foreground, TYPE.label, self.values
        rule = formula(
            r"w \leftarrow w - \eta\,(a(w - c) + \lambda\cdot\mathrm{sign}(w))",
            self.colors.l1,
        )
        curvature = row(
            formula(r"a =", fg),
            self.number(v["data_curvature"], fg, key="data_curvature", scale=scale),
        )
        center = row(
            formula(r"c =", fg),
            self.number(v["data_center"], fg, key="data_center", scale=scale),
        )
        optimum = row(
            text("optimum", fg, scale),
            formula(r"w^* =", fg),
            self.number(self.data.with_data.optimum, self.colors.zero, key="optimum", scale=scale),
        )
        data_rule = manim.VGroup(rule, curvature, center, optimum).arrange(manim.RIGHT, buff=0.45)
        return data_rule.move_to([0, self.rule_y, 0])

    def sweep_table(
        self, below: manim.Mobject, above: manim.Mobject
    ) -> tuple[manim.VGroup, list[dict]]:
        """One row per η between ``below`` and ``above``: η, the last iterates as a zigzag
        (a small plot, one shared scale), the bounce width, and width/η, which stays put
        while η shrinks."""
        colors, sweep = self.colors, self.data.with_data
        fg, muted, scale = colors.foreground, colors.muted, TYPE.small
        tails = sweep.iterates[:, -int(sweep.window) :]  # the iterates the width is taken over
        reach = float(np.abs(tails).max())
        header = manim.VGroup(
            formula(r"\eta", fg),
            row(
                text("last iterates of", muted, scale),
                self.number(sweep.iterates.shape[1] - 1, muted, key="sweep_steps", scale=scale),
                text("(w around 0)", muted, scale),
            ),
            text("bounce", muted, scale),
            text("bounce / η", muted, scale),
        )
        header.next_to(below, manim.DOWN, buff=2 * self.ROW_GAP)
        top, bottom = header.get_bottom()[1] - self.ROW_GAP, above.get_top()[1] + self.ROW_GAP
        height = (top - bottom) / len(sweep.etas)  # each row's plot, its zigzag inside
        steps = np.arange(tails.shape[1])
        rows = []
        for index, eta in enumerate(sweep.etas):
            plot = self.plot_axes((0, steps[-1]), (-reach, reach), self.TAIL_WIDTH, height)
            plot.move_to([0, top - (index + 0.5) * height, 0])
            plot.x_axis.set_color(colors.faint)
            plot.y_axis.set_opacity(0)
            points = plot.c2p(steps, tails[index] * (1 - 2 * self.ROW_GAP / height)).T
            zigzag = manim.VMobject().set_points_as_corners(points)
            zigzag.set_stroke(colors.l1, width=self.ARC_STROKE)
            dots = manim.VGroup(*(manim.Dot(p, radius=0.05, color=colors.l1) for p in points))
            rows.append(
                {
                    "eta": self.number(eta, fg, key=f"sweep_eta_{index}", scale=TYPE.label),
                    "tail": manim.VGroup(plot, zigzag, dots),
                    "width": self.number(
                        sweep.amplitudes[index],
                        colors.l1,
                        key=f"sweep_amplitude_{index}",
                        scale=TYPE.label,
                        digits=3,
                    ),
                    "ratio": self.number(
                        sweep.amplitude_per_eta[index],
                        fg,
                        key=f"sweep_ratio_{index}",
                        scale=TYPE.label,
                        digits=3,
                    ),
                }
            )
        # Columns: η left of the plots, the bounce and its ratio to η right of them, each
        # as wide as its widest cell and level with the rows; then the table centred
        plots = manim.VGroup(*(table_row["tail"][0] for table_row in rows))
        header[1].match_x(plots)
        x = plots.get_right()[0] + self.COLUMN_GAP
        for key, title in (("width", header[2]), ("ratio", header[3])):
            column = [title, *(table_row[key] for table_row in rows)]
            width = max(cell.width for cell in column)
            for cell in column:
                cell.set_x(x + width / 2)
            x += width + self.COLUMN_GAP
        column = [header[0], *(table_row["eta"] for table_row in rows)]
        width = max(cell.width for cell in column)
        for cell in column:
            cell.set_x(plots.get_left()[0] - self.COLUMN_GAP - width / 2)
        for table_row in rows:
            for key in ("eta", "width", "ratio"):
                table_row[key].match_y(table_row["tail"][0])
        manim.VGroup(header, *(part for table_row in rows for part in table_row.values())).set_x(0)
        return header, rows
