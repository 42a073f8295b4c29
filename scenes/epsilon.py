"""Diminishing returns: shrinking (1, ε) by δ lowers ‖·‖₁ by δ either way, ‖·‖₂² hardly near 0."""

from __future__ import annotations

from collections.abc import Callable

import manim
import numpy as np
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, text

from whyl1 import maths, sources, stories
from whyl1.results import EpsilonResult
from whyl1.theme import TYPE, number_text


class EpsilonScene(StoryScene):
    """Four bars, the norm reductions of shrinking either coordinate of (1, ε) by δ; then ε
    slides toward 0 and only the squared-L2 bar of the small coordinate melts away."""

    story = "epsilon"
    data: EpsilonResult

    # Layout (Manim units)
    GROUP_WIDTH = 3.9  # one group's baseline, under its two bars
    GROUP_GAP = 4.1  # between the groups: the ε slider and its labels
    BAR_WIDTH = 1.0
    BAR_OPACITY = 0.85
    ROW_GAP = 0.1  # between rows of text, and between text and the bars
    MIN_BAR_HEIGHT = 1e-3  # a zero-height rectangle cannot be stretched back
    # Timing (seconds)
    SHOW_TIME = 3.0
    PAUSE = 2.0

    def construct(self) -> None:
        d, colors = self.data, self.colors
        sweep = d.sweep
        self.eps = manim.ValueTracker(d.eps)

        # The vector (1, ε) and its two norms
        self.next_section("vector")
        heading = self.title(stories.get(self.story).title)
        setting = self.setting().match_y(heading).to_edge(manim.RIGHT)
        source = self.footnote(sources.credit_line(self.story))
        moral = text(
            "L2 gives diminishing returns near zero", colors.foreground, TYPE.body, weight="BOLD"
        ).move_to(source, aligned_edge=manim.DOWN)  # the moral takes the source line's place
        norms = manim.VGroup(
            *(
                manim.VGroup(
                    formula(tex, color),
                    text("falls by", colors.muted, TYPE.small),
                ).arrange(manim.DOWN, buff=self.ROW_GAP)
                for tex, color in (
                    (r"\|x\|_1 = 1 + \varepsilon", colors.l1),
                    (r"\|x\|_2^2 = 1 + \varepsilon^2", colors.l2),
                )
            )
        ).next_to(heading, manim.DOWN, buff=self.ROW_GAP)
        self.groups = self.bar_groups(below=norms, above=moral)
        for norm, group in zip(norms, self.groups, strict=True):
            norm.match_x(group)
        eps, delta = number_text(d.eps), number_text(d.delta)
        with self.beat(
            "Why does L1 push a small weight all the way to zero? Take x = (1, ε), with "
            f"ε = {eps}: one large coordinate, one small. Its L1 norm is 1 + ε, its squared L2 "
            "norm 1 + ε²."
        ) as beat:
            self.play(
                manim.Write(heading),
                manim.FadeIn(source),
                manim.FadeIn(setting),
                run_time=self.SHOW_TIME,
            )
            beat.until("Its L1 norm")
            self.play(manim.FadeIn(norms, shift=0.2 * manim.DOWN), run_time=self.SHOW_TIME)

        # Shrink either coordinate by δ: how much does each norm fall?
        self.next_section("shrink")
        bars = self.bars()
        values = self.bar_values()
        with self.beat(
            f"Shrink either coordinate by δ = {delta}. The L1 norm falls by δ either way."
        ) as beat:
            self.play(
                manim.FadeIn(bars["labels"]), manim.Create(self.groups), run_time=self.SHOW_TIME
            )
            beat.until("The L1 norm")
            self.play(
                *(manim.GrowFromEdge(bar, manim.DOWN) for bar in bars["bars"][:2]),
                manim.FadeIn(values[:2], shift=0.2 * manim.UP),
                run_time=self.SHOW_TIME,
            )
        with self.beat(
            f"The squared L2 norm falls by 2δ − δ² = {number_text(d.l2sq_shrink_large)} for "
            f"the large one, but only 2εδ − δ² = {number_text(d.l2sq_shrink_small)} for the "
            "small one."
        ) as beat:
            for index, phrase in ((2, "The squared L2 norm"), (3, "but only")):
                beat.until(phrase)
                self.play(
                    manim.GrowFromEdge(bars["bars"][index], manim.DOWN),
                    manim.FadeIn(values[index], shift=0.2 * manim.UP),
                    run_time=self.SHOW_TIME,
                )

        # Let ε grow to 1: then both coordinates are equal and so are both reductions
        self.next_section("sweep")
        for index, bar in enumerate(bars["bars"]):
            bar.add_updater(self.resizer(index))
        slider = self.slider()
        at_top = self.small_bar_value(float(sweep.l2sq_shrink_small[-1]), "eps_max")
        at_bottom = self.small_bar_value(float(sweep.l2sq_shrink_small[0]), "eps_min")
        with self.beat(
            "Now let ε vary. At ε = 1 the coordinates are equal, and so are the savings."
        ) as beat:
            self.play(
                manim.FadeIn(slider),
                manim.FadeOut(values[3]),
                manim.FadeOut(setting[1]),
                run_time=self.SHOW_TIME,
            )
            beat.play_until(
                "and so are",
                self.eps.animate.set_value(float(sweep.eps[-1])),
                rate_func=manim.smooth,
            )
            self.play(manim.FadeIn(at_top), run_time=self.PAUSE / 2)

        # Then shrink ε toward 0: the squared-L2 gain of the small coordinate melts away
        self.next_section("near-zero")
        with self.beat(
            "As ε shrinks toward zero, L1 still falls by exactly δ, but the L2 saving melts "
            f"away, to {number_text(sweep.l2sq_shrink_small[0])}."
        ) as beat:
            self.play(manim.FadeOut(at_top), run_time=self.PAUSE / 2)
            beat.play_until(
                "melts away",
                self.eps.animate.set_value(float(sweep.eps[0])),
                rate_func=manim.smooth,
            )
            self.play(manim.FadeIn(at_bottom), run_time=self.PAUSE / 2)
        with self.beat(
            "Near zero, L2 gives diminishing returns: little reason to push a small weight all "
            "the way to 0. L1 pushes it as hard as ever.",
            pause=self.PAUSE,
        ) as beat:
            self.play(manim.FadeOut(source), manim.Write(moral), run_time=self.SHOW_TIME)

    # ------------------------------------------------------------------ numbers

    def setting(self) -> manim.VGroup:
        """x = (1, ε), the story's ε (faded out once ε starts moving) and δ."""
        d, fg, scale = self.data, self.colors.foreground, TYPE.label
        eps = row(
            formula(r"\varepsilon =", fg),
            self.number(d.eps, fg, key="eps", scale=scale),
        )
        delta = row(
            formula(r"\delta =", fg),
            self.number(d.delta, fg, key="delta", scale=scale),
        )
        vector = formula(r"x = (1, \varepsilon)", fg)
        return manim.VGroup(vector, eps, delta).arrange(manim.RIGHT, buff=0.5)

    def reductions(self, eps: float) -> list[float]:
        """The four reductions at ``eps``, from the maths module, in bar order."""
        x = np.array([1.0, eps])
        large, small = np.array([self.data.delta, 0.0]), np.array([0.0, self.data.delta])
        return [
            float(maths.l1_reduction(x, large)),
            float(maths.l1_reduction(x, small)),
            float(maths.squared_l2_reduction(x, large)),
            float(maths.squared_l2_reduction(x, small)),
        ]

    def bar_values(self) -> manim.VGroup:
        """The four reductions at the story's ε, above their bars."""
        d, keys = self.data, ("l1_shrink_large", "l1_shrink_small")
        keys += ("l2sq_shrink_large", "l2sq_shrink_small")
        labels = manim.VGroup()
        for index, key in enumerate(keys):
            color = self.colors.l1 if index < 2 else self.colors.l2
            value = getattr(d, key)
            label = self.number(value, color, key=key, scale=TYPE.label, digits=4)
            labels.add(label.next_to(self.bar_top(index, value), manim.UP, buff=self.ROW_GAP))
        return labels

    def small_bar_value(self, value: float, where: str) -> manim.VMobject:
        """A pre-built label for the small coordinate's squared-L2 bar at a pause point."""
        label = self.number(
            value, self.colors.l2, key=f"l2sq_shrink_small_at_{where}", scale=TYPE.label, digits=4
        )
        return label.next_to(self.bar_top(3, value), manim.UP, buff=self.ROW_GAP)

    # ------------------------------------------------------------------ bars

    def bar_groups(self, below: manim.Mobject, above: manim.Mobject) -> manim.VGroup:
        """The L1 (left) and squared-L2 (right) groups' frames: axes of the reduction,
        from 0 to 2δ − δ², the largest, with only the baseline drawn. They fill the
        height between ``below`` and ``above``, leaving room for the numbers over the
        bars and the formulas under them."""
        value_room = self.number_height() + self.ROW_GAP
        label_room = max(self.bar_label(index).height for index in range(4)) + self.ROW_GAP
        top = below.get_bottom()[1] - self.ROW_GAP - value_room
        bottom = above.get_top()[1] + self.ROW_GAP + label_room
        groups = manim.VGroup(
            *(
                self.plot_axes(
                    (0, 1), (0, self.data.l2sq_shrink_large), self.GROUP_WIDTH, top - bottom
                )
                for _ in range(2)
            )
        )
        for group in groups:
            group.y_axis.set_opacity(0)
        return groups.arrange(manim.RIGHT, buff=self.GROUP_GAP).set_y((top + bottom) / 2)

    def number_height(self) -> float:
        """The height of a number over a bar (digits, at the label size)."""
        return text("0.0975", self.colors.foreground, TYPE.label).height

    def bar_point(self, index: int, value: float) -> np.ndarray:
        """Where bar ``index`` (L1 large, L1 small, L2 large, L2 small) reaches ``value``:
        each group's bars stand at a quarter and three quarters of its width."""
        return self.groups[index // 2].c2p(0.25 if index % 2 == 0 else 0.75, value)

    def bar_top(self, index: int, value: float) -> np.ndarray:
        return self.bar_point(index, value)

    def bar_label(self, index: int) -> manim.VGroup:
        """What bar ``index`` shrinks, and its reduction's formula, stacked."""
        colors = self.colors
        shrunk = (r"1 \to 1 - \delta", r"\varepsilon \to \varepsilon - \delta")[index % 2]
        gain = (r"\delta", r"\delta", r"2\delta - \delta^2", r"2\varepsilon\delta - \delta^2")[
            index
        ]
        return manim.VGroup(
            formula(shrunk, colors.foreground, LABEL_SIZE),
            formula(gain, colors.l1 if index < 2 else colors.l2, LABEL_SIZE),
        ).arrange(manim.DOWN, buff=self.ROW_GAP)

    def bars(self) -> dict:
        """Four bars at the story's ε, with what was shrunk and the reduction's formula below."""
        values = self.reductions(self.data.eps)
        bars, labels = manim.VGroup(), manim.VGroup()
        for index, value in enumerate(values):
            color = self.colors.l1 if index < 2 else self.colors.l2
            base, top = self.bar_point(index, 0.0), self.bar_point(index, value)
            bar = manim.Rectangle(
                width=self.BAR_WIDTH,
                height=max(top[1] - base[1], self.MIN_BAR_HEIGHT),
                stroke_width=0,
                fill_color=color,
                fill_opacity=self.BAR_OPACITY,
            )
            bars.add(bar.move_to(base, aligned_edge=manim.DOWN))
            labels.add(self.bar_label(index).next_to(base, manim.DOWN, buff=self.ROW_GAP))
        return {"bars": bars, "labels": labels}

    def resizer(self, index: int) -> Callable[[manim.Rectangle], None]:
        """Updater for bar ``index``: its height is its reduction at the tracker's ε, by a
        cheap stretch of the same rectangle (no rebuilding)."""
        base = self.bar_point(index, 0.0)

        def resize(bar: manim.Rectangle) -> None:
            value = self.reductions(self.eps.get_value())[index]
            top = self.bar_point(index, value)
            bar.stretch_to_fit_height(max(top[1] - base[1], self.MIN_BAR_HEIGHT))
            bar.move_to(base, aligned_edge=manim.DOWN)

        return resize

    # ------------------------------------------------------------------ ε slider

    def slider(self) -> manim.VGroup:
        """A vertical log-scale ε axis between the groups, as tall as the bars can grow, its
        marker following the tracker."""
        sweep_eps = self.data.sweep.eps
        low, high = float(sweep_eps[0]), float(sweep_eps[-1])
        left, right = self.groups
        x = (left.get_right()[0] + right.get_left()[0]) / 2
        bottom, top = left.c2p(0, 0)[1], left.c2p(0, self.data.l2sq_shrink_large)[1]
        axis = manim.Line([x, bottom, 0], [x, top, 0], color=self.colors.muted, stroke_width=2)

        def at(eps: float) -> np.ndarray:
            if high == low:
                return np.array([x, top, 0.0])
            fraction = (np.log(eps) - np.log(low)) / (np.log(high) - np.log(low))
            return np.array([x, bottom + fraction * (top - bottom), 0.0])

        fg, scale = self.colors.foreground, TYPE.small
        ticks = manim.VGroup()
        for value, key in (
            (high, "slider_eps_max"),
            (self.data.eps, "slider_eps"),
            (low, "slider_eps_min"),
        ):
            tick = manim.Line(
                at(value) + 0.1 * manim.LEFT, at(value) + 0.1 * manim.RIGHT, color=self.colors.muted
            )
            label = self.number(value, fg, key=key, scale=scale, digits=3)
            ticks.add(tick, label.next_to(tick, manim.RIGHT, buff=0.08))
        name = formula(r"\varepsilon", fg).next_to(axis, manim.UP, buff=self.ROW_GAP)
        marker = manim.Triangle(color=self.colors.accent, fill_opacity=1, stroke_width=0)
        marker.scale(0.12).rotate(-np.pi / 2)
        marker.add_updater(
            lambda m: m.next_to(at(self.eps.get_value()), manim.LEFT, buff=0.1), call_updater=True
        )
        self.slider_marker = marker
        return manim.VGroup(axis, ticks, name, marker)
