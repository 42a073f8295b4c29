"""Diminishing returns: shrinking (1, ε) by δ lowers ‖·‖₁ by δ either way, ‖·‖₂² hardly near 0."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    Rectangle,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
)
from whyl1.scenes.common import StoryScene, formula, text

from whyl1 import maths, sources, stories
from whyl1.results import EpsilonResult
from whyl1.theme import MANIM_BODY_SIZE, TYPE


class EpsilonScene(StoryScene):
    """Four bars, the norm reductions of shrinking either coordinate of (1, ε) by δ; then ε
    slides toward 0 and only the squared-L2 bar of the small coordinate melts away."""

    story = "epsilon"
    data: EpsilonResult

    # Layout (Manim units)
    GROUP_X = 4.0  # centres of the L1 (left) and squared-L2 (right) bar groups
    BAR_GAP = 1.9  # distance between the two bars of a group
    BAR_WIDTH = 1.0
    BAR_OPACITY = 0.85
    BAR_MAX_HEIGHT = 2.4  # height of the largest reduction, 2δ − δ²
    BASELINE_Y = -1.65
    MORAL_Y = -3.1
    SETTING_Y = 2.7
    HEADING_Y = 1.8
    SLIDER_TOP = 0.75
    MIN_BAR_HEIGHT = 1e-3  # a zero-height rectangle cannot be stretched back
    FORMULA_SIZE = 1.3 * TYPE.label * MANIM_BODY_SIZE  # MathTex runs smaller than Text
    LABEL_SIZE = 1.3 * TYPE.small * MANIM_BODY_SIZE
    # Timing (seconds)
    SHOW_TIME = 3.0
    SWEEP_TIME = 6.0
    PAUSE = 3.0

    def construct(self) -> None:
        d, colors = self.data, self.colors
        sweep = d.sweep
        self.eps = ValueTracker(d.eps)

        # The vector (1, ε) and its two norms
        self.next_section("vector")
        heading = self.title(stories.get(self.story).title)
        setting = self.setting()
        norms = VGroup()
        for tex, color, side in (
            (r"\|x\|_1 = 1 + \varepsilon", colors.l1, -1),
            (r"\|x\|_2^2 = 1 + \varepsilon^2", colors.l2, 1),
        ):
            norm = VGroup(
                formula(tex, color, self.FORMULA_SIZE), text("falls by", colors.muted, TYPE.small)
            ).arrange(DOWN, buff=0.12)
            norms.add(norm.move_to([side * self.GROUP_X, self.HEADING_Y, 0]))
        source = self.footnote(sources.credit_line(self.story))
        self.say(
            "Take the vector x = (1, ε), one large coordinate and one small one. "
            "Its L1 norm is 1 + ε, its squared L2 norm 1 + ε². How much does each fall?",
            self.SHOW_TIME * 2 + self.PAUSE,
        )
        self.play(Write(heading), FadeIn(source), FadeIn(setting), run_time=self.SHOW_TIME)
        self.play(FadeIn(norms, shift=0.2 * DOWN), run_time=self.SHOW_TIME)
        self.wait(self.PAUSE)

        # Shrink either coordinate by δ: how much does each norm fall?
        self.next_section("shrink")
        bars = self.bars()
        values = self.bar_values()
        self.say(
            "Now shrink one coordinate by δ. The L1 norm falls by δ whichever coordinate "
            "you shrink. The squared L2 norm falls by 2δ − δ² for the large one, but only "
            "2εδ − δ² for the small one.",
            self.SHOW_TIME * 3 + self.PAUSE,
        )
        self.play(FadeIn(bars["labels"]), Create(bars["baselines"]), run_time=self.SHOW_TIME)
        self.play(
            *(GrowFromEdge(bar, DOWN) for bar in bars["bars"][:2]),
            FadeIn(values[:2], shift=0.2 * UP),
            run_time=self.SHOW_TIME,
        )
        self.play(
            *(GrowFromEdge(bar, DOWN) for bar in bars["bars"][2:]),
            FadeIn(values[2:], shift=0.2 * UP),
            run_time=self.SHOW_TIME,
        )
        self.wait(self.PAUSE)

        # Let ε grow to 1: then both coordinates are equal and so are both reductions
        self.next_section("sweep")
        for index, bar in enumerate(bars["bars"]):
            bar.add_updater(self.resizer(index))
        slider = self.slider()
        at_top = self.small_bar_value(float(sweep.l2sq_shrink_small[-1]), "eps_max")
        at_bottom = self.small_bar_value(float(sweep.l2sq_shrink_small[0]), "eps_min")
        self.say(
            "Let ε vary with δ fixed. At ε = 1 the two coordinates are equal, and so are "
            "the two reductions.",
            self.SHOW_TIME + self.SWEEP_TIME / 2 + self.PAUSE,
        )
        self.play(FadeIn(slider), FadeOut(values[3]), FadeOut(setting[1]), run_time=self.SHOW_TIME)
        self.play(
            self.eps.animate.set_value(float(sweep.eps[-1])),
            run_time=self.SWEEP_TIME / 2,
            rate_func=smooth,
        )
        self.play(FadeIn(at_top), run_time=self.PAUSE / 2)
        self.wait(self.PAUSE / 2)

        # Then shrink ε toward 0: the squared-L2 gain of the small coordinate melts away
        self.next_section("near-zero")
        self.say(
            "Now let ε shrink toward 0. L1 still falls by exactly δ. The squared L2 norm "
            "falls by almost nothing: L2 gives diminishing returns near zero.",
            self.SWEEP_TIME + self.PAUSE * 2 + self.SHOW_TIME,
        )
        self.play(FadeOut(at_top), run_time=self.PAUSE / 2)
        self.play(
            self.eps.animate.set_value(float(sweep.eps[0])),
            run_time=self.SWEEP_TIME,
            rate_func=smooth,
        )
        self.play(FadeIn(at_bottom), run_time=self.PAUSE / 2)
        moral = text(
            "L2 gives diminishing returns near zero",
            colors.foreground,
            TYPE.body,
            weight="BOLD",
        ).move_to([0, self.MORAL_Y, 0])
        self.play(Write(moral), run_time=self.SHOW_TIME)
        self.wait(self.PAUSE * 2)

    # ------------------------------------------------------------------ numbers

    def setting(self) -> VGroup:
        """x = (1, ε), the story's ε (faded out once ε starts moving) and δ."""
        d, fg, size, scale = self.data, self.colors.foreground, self.FORMULA_SIZE, TYPE.label
        eps = self.row(
            formula(r"\varepsilon =", fg, size), self.number(d.eps, fg, key="eps", scale=scale)
        )
        delta = self.row(
            formula(r"\delta =", fg, size), self.number(d.delta, fg, key="delta", scale=scale)
        )
        vector = formula(r"x = (1, \varepsilon)", fg, size)
        return VGroup(vector, eps, delta).arrange(RIGHT, buff=0.8).move_to([0, self.SETTING_Y, 0])

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

    def bar_values(self) -> VGroup:
        """The four reductions at the story's ε, above their bars."""
        d, keys = self.data, ("l1_shrink_large", "l1_shrink_small")
        keys += ("l2sq_shrink_large", "l2sq_shrink_small")
        labels = VGroup()
        for index, key in enumerate(keys):
            color = self.colors.l1 if index < 2 else self.colors.l2
            value = getattr(d, key)
            label = self.number(value, color, key=key, scale=TYPE.label, digits=4)
            labels.add(label.next_to(self.bar_top(index, value), UP, buff=0.12))
        return labels

    def small_bar_value(self, value: float, where: str) -> VMobject:
        """A pre-built label for the small coordinate's squared-L2 bar at a pause point."""
        label = self.number(
            value, self.colors.l2, key=f"l2sq_shrink_small_at_{where}", scale=TYPE.label, digits=4
        )
        return label.next_to(self.bar_top(3, value), UP, buff=0.12)

    # ------------------------------------------------------------------ bars

    def bar_x(self, index: int) -> float:
        side = -1 if index < 2 else 1
        offset = -self.BAR_GAP / 2 if index % 2 == 0 else self.BAR_GAP / 2
        return side * self.GROUP_X + offset

    def bar_height(self, value: float) -> float:
        """Common scale for all four bars: 2δ − δ², the largest reduction, is full height."""
        return self.BAR_MAX_HEIGHT * value / self.data.l2sq_shrink_large

    def bar_top(self, index: int, value: float) -> np.ndarray:
        return np.array([self.bar_x(index), self.BASELINE_Y + self.bar_height(value), 0.0])

    def bars(self) -> dict:
        """Four bars at the story's ε, with what was shrunk and the reduction's formula below."""
        colors, size = self.colors, self.LABEL_SIZE
        values = self.reductions(self.data.eps)
        bars, labels, baselines = VGroup(), VGroup(), VGroup()
        shrunk = (r"1 \to 1 - \delta", r"\varepsilon \to \varepsilon - \delta") * 2
        gains = (r"\delta", r"\delta", r"2\delta - \delta^2", r"2\varepsilon\delta - \delta^2")
        for index, value in enumerate(values):
            color = colors.l1 if index < 2 else colors.l2
            bar = Rectangle(
                width=self.BAR_WIDTH,
                height=self.bar_height(value),
                stroke_width=0,
                fill_color=color,
                fill_opacity=self.BAR_OPACITY,
            )
            bars.add(bar.move_to(self.bar_top(index, value), aligned_edge=UP))
            below = VGroup(
                formula(shrunk[index], colors.foreground, size),
                formula(gains[index], color, size),
            ).arrange(DOWN, buff=0.15)
            labels.add(below.next_to([self.bar_x(index), self.BASELINE_Y, 0], DOWN, buff=0.15))
        for side in (-1, 1):
            left = [side * self.GROUP_X - self.BAR_GAP / 2 - self.BAR_WIDTH, self.BASELINE_Y, 0]
            right = [side * self.GROUP_X + self.BAR_GAP / 2 + self.BAR_WIDTH, self.BASELINE_Y, 0]
            baselines.add(Line(left, right, color=colors.muted, stroke_width=2))
        return {"bars": bars, "labels": labels, "baselines": baselines}

    def resizer(self, index: int) -> Callable[[Rectangle], None]:
        """Updater for bar ``index``: its height is its reduction at the tracker's ε, by a
        cheap stretch of the same rectangle (no rebuilding)."""

        def resize(bar: Rectangle) -> None:
            value = self.reductions(self.eps.get_value())[index]
            bar.stretch_to_fit_height(max(self.bar_height(value), self.MIN_BAR_HEIGHT))
            bar.move_to([self.bar_x(index), self.BASELINE_Y, 0], aligned_edge=DOWN)

        return resize

    # ------------------------------------------------------------------ ε slider

    def slider(self) -> VGroup:
        """A vertical log-scale ε axis between the groups, its marker following the tracker."""
        sweep_eps = self.data.sweep.eps
        low, high = float(sweep_eps[0]), float(sweep_eps[-1])
        top, bottom = self.SLIDER_TOP, self.BASELINE_Y
        axis = Line([0, bottom, 0], [0, top, 0], color=self.colors.muted, stroke_width=2)

        def y_of(eps: float) -> float:
            if high == low:
                return top
            fraction = (np.log(eps) - np.log(low)) / (np.log(high) - np.log(low))
            return bottom + fraction * (top - bottom)

        fg, scale = self.colors.foreground, TYPE.small
        ticks = VGroup()
        story_eps = self.data.eps
        for value, key in (
            (high, "slider_eps_max"), (story_eps, "slider_eps"), (low, "slider_eps_min")
        ):  # fmt: skip
            tick = Line([-0.1, y_of(value), 0], [0.1, y_of(value), 0], color=self.colors.muted)
            label = self.number(value, fg, key=key, scale=scale, digits=3)
            ticks.add(tick, label.next_to(tick, RIGHT, buff=0.08))
        name = formula(r"\varepsilon", fg, self.FORMULA_SIZE).next_to(axis, UP, buff=0.15)
        marker = Triangle(color=self.colors.accent, fill_opacity=1, stroke_width=0)
        marker.scale(0.12).rotate(-np.pi / 2)
        marker.add_updater(
            lambda m: m.move_to([-0.22, y_of(self.eps.get_value()), 0]), call_updater=True
        )
        return VGroup(axis, ticks, name, marker)

    @staticmethod
    def row(*parts: VMobject) -> VGroup:
        return VGroup(*parts).arrange(RIGHT, buff=0.12)
