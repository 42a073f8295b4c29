"""Soft-thresholding: the lasso's sparse region is a cross of positive area, ridge's the axes."""

from __future__ import annotations

import manim
import numpy as np
from whyl1.scenes.common import FORMULA_SIZE, LABEL_SIZE, StoryScene, formula, row, text

from whyl1 import sources, stories
from whyl1.results import ThresholdingResult
from whyl1.theme import TYPE, number_text


class ThresholdingScene(StoryScene):
    """Sampled β̂ mapped by the lasso (soft-thresholding) and by ridge (uniform shrink):
    the lasso's images land on the axes whenever β̂ falls in the cross |β̂ⱼ| ≤ γ, the
    ridge's never do; then the probability of a sparse lasso, exact and by Monte Carlo."""

    story = "thresholding"
    data: ThresholdingResult

    # Layout (Manim units)
    PLANE_X = 3.9  # centres of the two planes, the parameters between them
    RANGE_MARGIN = 1.1  # plane half-width over the largest |coordinate| it must show
    ROW_GAP = 0.12  # between rows of text, and between text and a plane
    WIDE_FORMULA_SIZE = 0.9 * FORMULA_SIZE  # the long P(lasso sparse) formula
    # Drawing
    DOT_RADIUS = 0.045
    GHOST_OPACITY = 0.25
    CROSS_OPACITY = 0.18
    AXIS_HIGHLIGHT_WIDTH = 3.0
    # Timing (seconds)
    SHOW_TIME = 2.5
    PAUSE = 2.5

    def construct(self) -> None:
        d, colors = self.data, self.colors
        points = d.points
        self.half_width = self.plane_half_width()

        # The setting: orthogonal design, β̂ drawn around the true β. The planes are as
        # large as the probabilities under them allow (they take the source line's
        # place at the end); the rows before them sit at the top of that strip.
        self.next_section("samples")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        names = manim.VGroup(
            text("lasso", colors.l1, TYPE.heading, weight="BOLD"),
            text("ridge", colors.l2, TYPE.heading, weight="BOLD"),
        ).next_to(heading, manim.DOWN, buff=2 * self.ROW_GAP)
        probability = self.probabilities().move_to(source, aligned_edge=manim.DOWN)
        self.size = names.get_bottom()[1] - probability.get_top()[1] - 2 * self.ROW_GAP
        lasso_plane = self.plane(-1, names[0])
        ridge_plane = self.plane(1, names[1])
        self.strip_top = lasso_plane["axes"].get_bottom()[1] - self.ROW_GAP
        params = self.parameters().match_y(lasso_plane["axes"])
        setting = self.strip(
            formula(
                r"X^\top X = I,\qquad \hat{\beta} \sim N(\beta, \sigma^2 I)",
                colors.foreground,
            ),
        )
        lasso_dots = self.dots(lasso_plane["axes"], points.beta_hat, colors.loss)
        ridge_dots = self.dots(ridge_plane["axes"], points.beta_hat, colors.loss)
        truths = manim.VGroup(*(self.truth(plane["axes"]) for plane in (lasso_plane, ridge_plane)))
        with self.beat(
            "Let us look at many problems at once. With an orthogonal design, XᵀX = I, the "
            "least-squares estimate β̂ is the true β plus Gaussian noise. Each dot is one "
            f"draw of β̂: the same {len(points.beta_hat)} draws on both sides."
        ) as beat:
            self.play(manim.Write(heading), manim.FadeIn(source), run_time=self.SHOW_TIME)
            beat.until("With an orthogonal design")
            self.play(
                manim.Create(lasso_plane["frame"]),
                manim.Create(ridge_plane["frame"]),
                manim.FadeIn(params),
                manim.FadeIn(setting),
                run_time=self.SHOW_TIME,
            )
            beat.until("Each dot")
            self.play(
                manim.FadeIn(truths),
                manim.LaggedStart(*(manim.FadeIn(dot) for dot in lasso_dots), lag_ratio=0.02),
                manim.LaggedStart(*(manim.FadeIn(dot) for dot in ridge_dots), lag_ratio=0.02),
                run_time=self.SHOW_TIME,
            )

        # The lasso's sparse region: the cross of half-width γ around the axes
        self.next_section("cross")
        cross = self.cross(lasso_plane["axes"])
        lasso_rule = self.strip(
            formula(
                r"\mathrm{lasso:}\ \ \hat{\beta}_j \mapsto \mathrm{sign}(\hat{\beta}_j)\,"
                r"\max(|\hat{\beta}_j| - \gamma,\ 0)",
                colors.l1,
            ),
        )
        with self.beat(
            "Here the lasso solves each coordinate on its own, by soft-thresholding. Any β̂ "
            "in the shaded cross, within γ of an axis, gets a coordinate of exactly 0."
        ) as beat:
            self.replace_in_strip(setting, lasso_rule)
            beat.until("Any β̂")
            self.play(manim.FadeIn(cross), run_time=self.SHOW_TIME)

        # Map every β̂ to its lasso solution: the ones in the cross snap onto the axes
        self.next_section("lasso")
        lasso_ghosts = lasso_dots.copy().set_opacity(self.GHOST_OPACITY)
        self.add(lasso_ghosts)
        with self.beat(
            "Apply the lasso. The dots in the cross snap onto the axes: exact zeros. The "
            "others move γ closer to zero in each coordinate."
        ) as beat:
            beat.play_until(
                "exact zeros",
                self.moved(lasso_dots, lasso_plane["axes"], points.lasso, self.lasso_colors()),
            )

        # Ridge only shrinks: every image moves toward 0, none lands on an axis
        self.next_section("ridge")
        ridge_ghosts = ridge_dots.copy().set_opacity(self.GHOST_OPACITY)
        self.add(ridge_ghosts)
        ridge_rule = self.strip(
            formula(
                r"\mathrm{ridge:}\ \ \hat{\beta}_j \mapsto \frac{\hat{\beta}_j}{1 + \gamma}",
                colors.l2,
            ),
        )
        axes_region = self.axes_region(ridge_plane["axes"])
        with self.beat(
            "Ridge instead divides every coordinate by 1 + γ. Every dot slides toward zero, "
            "but none lands on an axis: the sparse region of ridge is the axes themselves, a "
            "set of area 0."
        ) as beat:
            self.replace_in_strip(lasso_rule, ridge_rule)
            ridge_colors = [colors.l2] * len(ridge_dots)
            beat.until("Every dot")
            beat.play_until(
                "but none",
                self.moved(ridge_dots, ridge_plane["axes"], points.ridge, ridge_colors),
            )
            beat.until("the sparse region")
            self.play(manim.Create(axes_region), run_time=self.SHOW_TIME)

        # The probability of a sparse solution: exact, by Monte Carlo, and ridge's zero
        self.next_section("probability")
        with self.beat(
            "So the lasso is sparse whenever β̂ lands in the cross, which happens with "
            f"probability {number_text(d.p_sparse_lasso, 4)}. A Monte Carlo run of "
            f"{d.samples:,} draws gives {number_text(d.p_sparse_lasso_mc, 4)}. Ridge is "
            "sparse with probability exactly 0.",
            pause=self.PAUSE,
        ) as beat:
            self.play(
                manim.FadeOut(ridge_rule),
                manim.FadeOut(source),
                manim.FadeIn(probability[0]),
                run_time=self.SHOW_TIME,
            )
            beat.until("A Monte Carlo run")
            self.play(manim.FadeIn(probability[1], shift=0.2 * manim.UP), run_time=self.SHOW_TIME)
            beat.until("Ridge is sparse")
            self.play(manim.FadeIn(probability[2], shift=0.2 * manim.UP), run_time=self.SHOW_TIME)

    # ------------------------------------------------------------------ planes

    def plane_half_width(self) -> float:
        """Half-width of both planes: every shown β̂, the true β, and twice γ fit inside."""
        v, beta_hat = self.values, self.data.points.beta_hat
        reach = max(2 * v["gamma"], float(np.max(np.abs(v["beta"]))))
        if len(beta_hat):
            reach = max(reach, float(np.max(np.abs(beta_hat))))
        return self.RANGE_MARGIN * reach

    def plane(self, side: int, name: manim.Mobject) -> dict:
        """A β̂₁β̂₂ plane of side ``self.size`` on the left (``side`` −1) or the right (1),
        under its ``name``, which sits at its outer corner."""
        r = self.half_width
        axes = self.plot_axes((-r, r), (-r, r), self.size, self.size)
        axes.next_to(name, manim.DOWN, buff=self.ROW_GAP).set_x(side * self.PLANE_X)
        x_label = formula(r"\hat{\beta}_1", self.colors.muted, LABEL_SIZE)
        x_label.next_to(axes.x_axis.get_end(), manim.DOWN + manim.LEFT, buff=0.05)
        y_label = formula(r"\hat{\beta}_2", self.colors.muted, LABEL_SIZE)
        y_label.next_to(axes.y_axis.get_end(), manim.RIGHT, buff=0.1)
        name.align_to(axes, manim.LEFT if side < 0 else manim.RIGHT)
        return {"axes": axes, "frame": manim.VGroup(axes, x_label, y_label, name)}

    def dots(self, axes: manim.Axes, coordinates: np.ndarray, color: str) -> manim.VGroup:
        return manim.VGroup(
            *(
                manim.Dot(axes.c2p(x, y), radius=self.DOT_RADIUS, color=color)
                for x, y in coordinates
            )
        )

    def truth(self, axes: manim.Axes) -> manim.VGroup:
        """A ring at the true β, labelled β."""
        x, y = self.values["beta"]
        ring = manim.Circle(radius=0.11, color=self.colors.foreground, stroke_width=2.5)
        ring.move_to(axes.c2p(x, y))
        label = formula(r"\beta", self.colors.foreground, LABEL_SIZE)
        return manim.VGroup(ring, label.next_to(ring, manim.UP + manim.RIGHT, buff=0.02))

    def moved(
        self, dots: manim.VGroup, axes: manim.Axes, targets: np.ndarray, colors: list[str]
    ) -> manim.AnimationGroup:
        return manim.AnimationGroup(
            *(
                dot.animate.move_to(axes.c2p(x, y)).set_color(color)
                for dot, (x, y), color in zip(dots, targets, colors, strict=True)
            )
        )

    def lasso_colors(self) -> list[str]:
        """Zero colour for the images with an exact zero coordinate, L1 blue for the rest."""
        sparse = self.data.points.lasso_sparse
        return [self.colors.zero if s else self.colors.l1 for s in sparse]

    def cross(self, axes: manim.Axes) -> manim.VGroup:
        """A_L = {β̂ : |β̂₁| ≤ γ or |β̂₂| ≤ γ}, shaded, with ±γ marked on both axes."""
        r, gamma = self.half_width, self.values["gamma"]
        band_w = axes.c2p(gamma, 0)[0] - axes.c2p(-gamma, 0)[0]
        vertical = manim.Rectangle(width=band_w, height=self.size).move_to(axes.c2p(0, 0))
        horizontal = manim.Rectangle(width=self.size, height=band_w).move_to(axes.c2p(0, 0))
        region = manim.Union(vertical, horizontal, stroke_width=0)
        region.set_fill(self.colors.l1, opacity=self.CROSS_OPACITY).set_z_index(-1)
        edges = manim.VGroup(
            *(manim.Line(axes.c2p(s * gamma, -r), axes.c2p(s * gamma, r)) for s in (-1, 1)),
            *(manim.Line(axes.c2p(-r, s * gamma), axes.c2p(r, s * gamma)) for s in (-1, 1)),
        ).set_stroke(self.colors.l1, width=1.5, opacity=0.6)
        gamma_label = formula(r"\gamma", self.colors.l1, LABEL_SIZE)
        region_label = formula(r"A_L", self.colors.l1)
        labels = manim.VGroup(
            gamma_label.next_to(axes.c2p(gamma, -0.8 * r), manim.RIGHT, buff=0.08),
            region_label.move_to(axes.c2p(-(r + gamma) / 2, (r + gamma) / 2)),
        )
        return manim.VGroup(region, edges, labels)

    def axes_region(self, axes: manim.Axes) -> manim.VGroup:
        """A_R: the two axes themselves, highlighted, with their (zero) area named."""
        r = self.half_width
        lines = manim.VGroup(
            manim.Line(axes.c2p(-r, 0), axes.c2p(r, 0)), manim.Line(axes.c2p(0, -r), axes.c2p(0, r))
        ).set_stroke(self.colors.l2, width=self.AXIS_HIGHLIGHT_WIDTH)
        label = formula(r"A_R", self.colors.l2)
        label.move_to(axes.c2p(-r / 2, r / 2))
        return manim.VGroup(lines, label)

    # ------------------------------------------------------------------ text

    def parameters(self) -> manim.VGroup:
        """β, σ, γ and the number of draws shown, to go between the planes."""
        v, fg, scale = self.values, self.colors.foreground, TYPE.label
        beta_1, beta_2 = v["beta"]
        rows = manim.VGroup(
            row(formula(r"\beta =", fg), self.pair(beta_1, beta_2, scale)),
            row(
                formula(r"\sigma =", fg),
                self.number(v["sigma"], fg, key="sigma", scale=scale),
            ),
            row(
                formula(r"\gamma =", self.colors.l1),
                self.number(v["gamma"], fg, key="gamma", scale=scale),
            ),
            row(self.number(v["shown"], fg, key="shown", scale=scale), text("draws", fg, scale)),
        )
        return rows.arrange(manim.DOWN, buff=0.3)

    def pair(self, first: float, second: float, scale: float) -> manim.VGroup:
        """``(β₁, β₂)`` from two recorded numbers, the comma sitting on the digits' baseline."""
        fg = self.colors.foreground
        x, y = (
            self.number(first, fg, key="beta_1", scale=scale),
            self.number(second, fg, key="beta_2", scale=scale),
        )
        comma = text(",", fg, scale)
        group = row(text("(", fg, scale), x, comma, y, text(")", fg, scale), buff=0.1)
        comma.align_to(x, manim.DOWN).shift(0.4 * comma.height * manim.DOWN)
        return group

    def strip(self, *rows: manim.Mobject) -> manim.VGroup:
        """Rows of text centred under the planes, from the top of the strip there."""
        group = manim.VGroup(*rows).arrange(manim.DOWN, buff=2 * self.ROW_GAP)
        return group.next_to([0, self.strip_top, 0], manim.DOWN, buff=0)

    def replace_in_strip(self, old: manim.Mobject, new: manim.Mobject) -> None:
        """The strip holds one formula at a time, the setting and then each method's rule:
        the next one fades in as the one before fades out."""
        self.play(manim.FadeOut(old), manim.FadeIn(new), run_time=self.SHOW_TIME)

    def probabilities(self) -> manim.VGroup:
        """Exact P(lasso sparse), its Monte Carlo estimate ± standard error, ridge's 0."""
        d, colors, scale = self.data, self.colors, TYPE.label
        exact = row(
            formula(
                r"P(\mathrm{lasso\ sparse}) = 1 - \Pi_j \left[1 - \left("
                r"\Phi((\gamma - \beta_j)/\sigma) - \Phi((-\gamma - \beta_j)/\sigma)"
                r"\right)\right] =",
                colors.l1,
                self.WIDE_FORMULA_SIZE,
            ),
            self.number(d.p_sparse_lasso, colors.l1, key="p_sparse_lasso", scale=scale, digits=4),
            buff=0.1,
        )
        fg, small = colors.foreground, TYPE.small
        monte_carlo = row(
            text("Monte Carlo,", fg, small),
            self.number(d.samples, fg, key="samples", scale=small),
            text("draws:", fg, small),
            self.number(
                d.p_sparse_lasso_mc, colors.l1, key="p_sparse_lasso_mc", scale=scale, digits=4
            ),
            formula(r"\pm", fg),
            self.number(
                d.p_sparse_lasso_mc_stderr,
                fg,
                key="p_sparse_lasso_mc_stderr",
                scale=scale,
                digits=2,
            ),
            buff=0.1,
        )
        ridge = row(
            formula(r"P(\mathrm{ridge\ sparse}) = P(\hat{\beta} \in A_R) =", colors.l2),
            self.number(d.p_sparse_ridge, colors.l2, key="p_sparse_ridge", scale=scale),
            buff=0.1,
        )
        return manim.VGroup(exact, monte_carlo, ridge).arrange(manim.DOWN, buff=2 * self.ROW_GAP)
