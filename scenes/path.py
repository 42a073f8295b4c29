"""Regularization paths: as λ grows the lasso's coefficients land on exactly 0 one by one,
each at a knot of its path, while ridge's only shrink."""

from __future__ import annotations

import math
from dataclasses import dataclass

import manim
import numpy as np
from whyl1.scenes.beat import Beat
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, row, text

from whyl1 import maths, sources, stories
from whyl1.results import PathResult
from whyl1.theme import TYPE, number_text


@dataclass
class Panel:
    """Axes of the coefficients against λ on a log scale, λ growing to the right from ``low``
    to ``high``: the x coordinate is the fraction of that log range, so one sweep position
    drives panels of different λ ranges."""

    axes: manim.Axes
    low: float
    high: float
    frame: manim.VGroup  # axes and labels

    def __post_init__(self) -> None:
        # Axes map coordinates linearly: keep the map, as twenty dots and curves move on
        # every frame and manim's c2p costs far more than this product
        origin = self.axes.c2p(0, 0)
        self._map = (origin, self.axes.c2p(1, 0) - origin, self.axes.c2p(0, 1) - origin)

    def fraction(self, lams: np.ndarray | float) -> np.ndarray:
        return np.log(np.asarray(lams) / self.low) / math.log(self.high / self.low)

    def place(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """Scene points of axes coordinates (x the fraction, y the coefficient): ``(3,)``
        for one, ``(n, 3)`` for arrays."""
        origin, unit_x, unit_y = self._map
        return origin + np.multiply.outer(x, unit_x) + np.multiply.outer(y, unit_y)

    def point(self, lam: float, coef: float) -> np.ndarray:
        return self.place(float(self.fraction(lam)), coef)


def round_up(value: float) -> float:
    """``value`` rounded up to one significant digit (824 → 900): an axis end a viewer
    reads at a glance."""
    power = 10.0 ** math.floor(math.log10(value))
    return math.ceil(value / power) * power


class PathScene(StoryScene):
    """The diabetes data's ten coefficients, lasso on the left and ridge on the right, as λ
    sweeps up from near least squares: the sweep stops at each knot of the exact lasso path,
    where one coefficient lands on exactly 0 (its name and λ go to a list) or, once, leaves
    it; ridge's counter stays at ten, and a zoom shows its coefficients still apart from 0."""

    story = "path"
    data: PathResult

    # Layout (Manim units)
    EDGE = 0.25  # free at the frame's left and right edges
    Y_LABEL_ROOM = 0.75  # left of each panel, for its coefficient numbers
    LEDGER_WIDTH = 2.45  # between the panels: the counters, and the λ where each lands
    GAP = 0.2  # between a panel and the ledger
    ROW_GAP = 0.12  # between rows of text
    LEDGER_ROW = 0.4  # height of one ledger row, at most
    HEADROOM = 1.05  # the coefficient axis reaches past the largest coefficient by this
    ZOOM_NOTE_ROOM = 0.5  # the zoomed panel leaves this much above it for its note
    # Drawing
    DOT_RADIUS = 0.07
    MARKER_RADIUS = 0.06
    CURVE_WIDTH = 2.5
    PATCH_OPACITY = 0.85  # of the background under a label set over the curves
    CURVE_POINTS = 400  # λ values per lasso curve, besides the knots
    ZOOM_RATIO = 3.0  # the zoom shows ridge's λ from its largest / ZOOM_RATIO up
    # Timing (seconds): the rest is fitted to the speech
    LABEL_TIME = 0.5  # a landing's name and λ appearing, and moving to the ledger
    CIRCLE_TIME = 1.0
    PAUSE = 1.0  # of silence after the last words

    def construct(self) -> None:
        d = self.data
        knots = d.knots
        self.names = d.feature_names
        self.p = len(self.names)
        self.u = manim.ValueTracker(0.0)  # the sweep, in knots: λ is knot k at u = k
        self._now: tuple[float, float, np.ndarray] | None = None
        # Ridge's grid, λ increasing like the sweep
        order = np.argsort(d.ridge_lambdas)
        self.ridge_lams, self.ridge_coefs = d.ridge_lambdas[order], d.ridge_coefs[:, order]

        # The setting: the two fits at the smallest λ, near least squares
        self.next_section("paths")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        setting = self.setting().match_y(heading).to_edge(manim.RIGHT, buff=self.EDGE)
        self.layout(heading, source)
        lasso_frame, ridge_frame = self.lasso.frame, self.ridge.frame
        heads = self.heads()
        scoreboard = self.scoreboard()
        self.ledger_header = self.ledger_heading(below=scoreboard)
        lasso_dots, ridge_dots = self.dots()
        curves = self.curves()
        with self.beat(
            f"On the diabetes data, with {self.p} features, we fit the lasso and ridge at every λ."
        ) as beat:
            beat.play_until(
                "we fit", manim.Write(heading), manim.FadeIn(source), manim.FadeIn(setting)
            )
            beat.play_until("and ridge", manim.Create(lasso_frame), manim.Create(ridge_frame))
            self.play(
                manim.FadeIn(heads), manim.FadeIn(scoreboard), run_time=max(beat.remaining, 1.0)
            )
        with self.beat(
            f"Each dot is one coefficient. Near least squares, all {knots.nonzero[0]} are non-zero."
        ) as beat:
            beat.play_until(
                "Near least squares",
                manim.FadeIn(lasso_dots),
                manim.FadeIn(ridge_dots),
                manim.FadeIn(self.ledger_header),
            )
            self.add(curves)
            beat.until("all")  # the count is said as the counters show it
            self.play(*(manim.Indicate(count) for count in self.counts), run_time=self.LABEL_TIME)

        # Sweep λ up, knot by knot; the section turns where the first coefficient lands for good
        self.ledger = manim.VGroup()
        self.landings = 0
        self.ledger_rows: dict[int, manim.Text] = {}  # each feature's latest row
        self.landed_names: list[str] = []
        self.markers = manim.VGroup()
        self.event_notes: list[manim.Mobject] = []
        first_for_good = self.first_landing_for_good()
        self.next_section("sweep")
        for index in range(knots.features.size):
            if index == first_for_good + 1:
                self.next_section("zeros")
            script, arrival = self.event_script(index)
            with self.beat(script) as beat:
                # the sweep reaches the knot as the narration names what happens there
                self.cross_stretch(index, beat, arrival)
                if knots.lands[index]:
                    self.land(index, beat)
                else:
                    self.leave(index)

        # Ridge has not arrived: zoom into its largest λ
        self.next_section("ridge")
        for mobject in (*ridge_dots, *curves[self.p :]):
            mobject.clear_updaters()
        zoom = self.zoom()
        with self.beat("Has ridge arrived? Look closer at its largest λ.") as beat:
            self.play(manim.Create(zoom["box"]), run_time=max(beat.remaining, self.LABEL_TIME))
        with self.beat(
            f"Magnified, all {self.p} are still off 0; the smallest is "
            f"{number_text(zoom['smallest'], 3)}."
        ) as beat:
            beat.play_until(
                "all",
                manim.FadeOut(ridge_frame, ridge_dots, curves[self.p :]),
                manim.ReplacementTransform(zoom["box"], zoom["border"]),
                manim.FadeIn(zoom["frame"]),
            )
            beat.play_until(
                "the smallest", manim.Create(zoom["curves"]), manim.FadeIn(zoom["dots"])
            )
            self.play(manim.FadeIn(zoom["note"], shift=0.2 * manim.UP), run_time=self.LABEL_TIME)
        with self.beat(
            "So the lasso drops features one by one, each at an exact 0. Ridge keeps all "
            f"{self.p}.",
            pause=self.PAUSE,
        ) as beat:
            for phrase, count in zip(("drops features", "Ridge keeps"), self.counts, strict=True):
                beat.until(phrase)
                self.play(
                    manim.Circumscribe(count, color=self.colors.accent), run_time=self.CIRCLE_TIME
                )

    # ------------------------------------------------------------------ layout

    def layout(self, heading: manim.Mobject, source: manim.Mobject) -> None:
        """Both panels, the ledger's room between them, filling the height from under the
        heads' row to over the λ labels."""
        knots = self.data.knots
        half = manim.config.frame_width / 2
        width = (
            2 * half - 2 * self.EDGE - 2 * self.Y_LABEL_ROOM - self.LEDGER_WIDTH - 2 * self.GAP
        ) / 2
        self.head_y = heading.get_bottom()[1] - 0.35
        top = self.head_y - 0.4
        bottom = source.get_top()[1] + 0.6  # room for the λ labels under the panels
        largest = max(np.max(np.abs(knots.coefs)), np.max(np.abs(self.ridge_coefs)))
        self.top_coef = round_up(self.HEADROOM * float(largest))
        lasso_left = -half + self.EDGE + self.Y_LABEL_ROOM
        ridge_left = lasso_left + width + 2 * self.GAP + self.LEDGER_WIDTH + self.Y_LABEL_ROOM
        self.ledger_left = lasso_left + width + self.GAP
        self.lasso = self.panel(lasso_left, width, top, bottom, knots.lambdas[[0, -1]], "lasso")
        self.ridge = self.panel(ridge_left, width, top, bottom, self.ridge_lams[[0, -1]], "ridge")
        self.panel_top, self.panel_bottom = top, bottom

    def panel(
        self, left: float, width: float, top: float, bottom: float, ends: np.ndarray, name: str
    ) -> Panel:
        """A panel of coefficients in ±``top_coef`` against λ from ``ends[0]`` to ``ends[1]``,
        the λ ends and "λ (log scale)" under it, the coefficient range left of it."""
        axes = self.plot_axes((0.0, 1.0), (-self.top_coef, self.top_coef), width, top - bottom)
        axes.move_to([left + width / 2, (top + bottom) / 2, 0])
        panel = Panel(axes, float(ends[0]), float(ends[1]), manim.VGroup(axes))
        panel.frame.add(*self.axis_labels(panel, name, self.top_coef))
        return panel

    def axis_labels(self, panel: Panel, name: str, edge: float) -> list[manim.Mobject]:
        """λ at both ends under the panel with the axis name between, ±``edge`` and 0 left of
        the coefficient axis."""
        muted, scale, axes = self.colors.muted, TYPE.small, panel.axes
        below = axes.get_bottom()[1] - 0.12
        low = self.number(panel.low, muted, key=f"{name}_lambda_low", scale=scale, digits=3)
        high = self.number(panel.high, muted, key=f"{name}_lambda_high", scale=scale, digits=3)
        low.next_to([axes.get_left()[0], below, 0], manim.DOWN, buff=0).align_to(axes, manim.LEFT)
        high.next_to([axes.get_right()[0], below, 0], manim.DOWN, buff=0).align_to(
            axes, manim.RIGHT
        )
        room = high.get_left()[0] - low.get_right()[0] - 0.3
        axis_name = row(formula(r"\lambda", muted, LABEL_SIZE), text("(log scale)", muted, scale))
        if axis_name.width > room:
            axis_name = formula(r"\lambda", muted, LABEL_SIZE)
        axis_name.move_to([(low.get_right()[0] + high.get_left()[0]) / 2, low.get_center()[1], 0])
        labels: list[manim.Mobject] = [low, high, axis_name]
        for value, key in ((edge, "top"), (-edge, "bottom"), (0.0, "zero")):
            number = self.number(value, muted, key=f"{name}_coef_{key}", scale=scale, digits=3)
            labels.append(number.next_to(axes.c2p(0, value), manim.LEFT, buff=0.1))
        return labels

    def setting(self) -> manim.VGroup:
        """The data, top right: how many features."""
        fg = self.colors.foreground
        count = self.numeral(self.p, key="features")
        return self.words([(f"diabetes data: {count} features", fg)], TYPE.label)

    def heads(self) -> manim.VGroup:
        """Each method's name over its panel."""
        heads = manim.VGroup()
        for panel, name, color in ((self.lasso, "L1: lasso", self.colors.l1),
                                   (self.ridge, "L2: ridge", self.colors.l2)):  # fmt: skip
            head = text(name, color, TYPE.heading, weight="BOLD")
            heads.add(head.move_to([0, self.head_y, 0]).align_to(panel.axes, manim.LEFT))
        return heads

    def scoreboard(self) -> manim.VGroup:
        """Top of the middle column: how many coefficients are non-zero, for each method."""
        knots, colors = self.data.knots, self.colors
        heading = text("non-zero", colors.muted, TYPE.small)
        self.lasso_count = int(knots.nonzero[0])
        self.counts = [
            self.count_line("lasso", colors.l1, int(knots.nonzero[0]), "lasso_nonzero_start"),
            self.count_line(
                "ridge", colors.l2, int(self.data.ridge_nonzero.min()), "ridge_nonzero"
            ),
        ]
        board = manim.VGroup(heading, *self.counts).arrange(
            manim.DOWN, aligned_edge=manim.LEFT, buff=self.ROW_GAP
        )
        return board.move_to(
            [self.ledger_left, self.head_y + 0.1, 0], aligned_edge=manim.UP + manim.LEFT
        )

    def count_line(self, name: str, color: str, count: int, key: str) -> manim.Text:
        return self.words([(name, color), (self.numeral(count, key=key), color)], TYPE.label)

    def set_lasso_count(self, count: int, key: str) -> None:
        """Show ``count`` as the lasso's (recorded under ``key`` even when it is unchanged,
        so every stretch and knot has its count on record)."""
        if count == self.lasso_count:
            self.numeral(count, key=key)
            return
        old = self.counts[0]
        new = self.count_line("lasso", self.colors.l1, count, key).move_to(
            old, aligned_edge=manim.LEFT
        )
        self.remove(old)
        self.add(new)
        self.counts[0], self.lasso_count = new, count

    # ------------------------------------------------------------------ the sweep

    def lasso_lambda(self, u: float) -> float:
        """λ at sweep position ``u``: knot k at u = k exactly, log-linear in between (so the
        dots move at an even pace across the log axis)."""
        lams = self.data.knots.lambdas
        k = math.floor(u)
        if k >= lams.size - 1:
            return float(lams[-1])
        lam = float(lams[k] * (lams[k + 1] / lams[k]) ** (u - k))
        return min(max(lam, float(lams[k])), float(lams[k + 1]))

    def now(self) -> tuple[float, float, np.ndarray]:
        """(λ, its fraction of the log axis, the lasso coefficients there), once per frame:
        the exact path between its knots (``maths.interpolate_lasso_path``)."""
        u = min(max(self.u.get_value(), 0.0), self.data.knots.lambdas.size - 1.0)
        if self._now is None or self._now[0] != u:
            knots = self.data.knots
            lam = self.lasso_lambda(u)
            coefs = maths.interpolate_lasso_path(knots.lambdas, knots.coefs, [lam])[:, 0]
            self._now = (u, lam, coefs)
        _, lam, coefs = self._now
        return lam, float(self.lasso.fraction(lam)), coefs

    def ridge_now(self, feature: int) -> tuple[float, float]:
        """Ridge's λ at the sweep's fraction of its own log axis, and the coefficient there
        (on the ridge grid, linear in log λ between its points: only where a dot sits)."""
        _, fraction, _ = self.now()
        logs = np.log(self.ridge_lams)
        log_lam = logs[0] + fraction * (logs[-1] - logs[0])
        return math.exp(log_lam), float(np.interp(log_lam, logs, self.ridge_coefs[feature]))

    def dots(self) -> tuple[manim.VGroup, manim.VGroup]:
        """The coefficients now: lasso dots in the zero colour exactly while at 0."""
        lasso, ridge = manim.VGroup(), manim.VGroup()
        for j in range(self.p):

            def on_lasso(j: int = j) -> tuple[np.ndarray, bool]:
                _, fraction, coefs = self.now()
                return self.lasso.place(fraction, coefs[j]), coefs[j] == 0.0

            def on_ridge(j: int = j) -> tuple[np.ndarray, bool]:
                lam, coef = self.ridge_now(j)
                return self.ridge.point(lam, coef), coef == 0.0

            lasso.add(self.zero_dot(on_lasso, self.colors.l1, self.DOT_RADIUS).set_z_index(3))
            ridge.add(self.zero_dot(on_ridge, self.colors.l2, self.DOT_RADIUS).set_z_index(3))
        return lasso, ridge

    def curves(self) -> manim.VGroup:
        """Each coefficient's path, traced as far as the sweep has gone: the lasso's through
        its knots and the exact path between them, ridge's through its grid."""
        knots = self.data.knots
        dense = np.geomspace(knots.lambdas[0], knots.lambdas[-1], self.CURVE_POINTS)
        lams = np.union1d(dense, knots.lambdas)
        lams = lams[(lams >= knots.lambdas[0]) & (lams <= knots.lambdas[-1])]
        coefs = maths.interpolate_lasso_path(knots.lambdas, knots.coefs, lams)
        lasso_x = self.lasso.fraction(lams)
        ridge_x = self.ridge.fraction(self.ridge_lams)
        curves = manim.VGroup()
        for panel, x, ys, color in (
            (self.lasso, lasso_x, coefs, self.colors.l1),
            (self.ridge, ridge_x, self.ridge_coefs, self.colors.l2),
        ):
            for y in ys:
                curves.add(self.traced(panel.place(x, y), x, color))
        return curves

    def traced(self, points: np.ndarray, x: np.ndarray, color: str) -> manim.VMobject:
        """A curve through ``points`` (at increasing fractions ``x``), drawn each frame as
        far as the sweep has gone."""
        curve = manim.VMobject(stroke_color=color, stroke_width=self.CURVE_WIDTH)

        def redraw(m: manim.VMobject) -> None:
            shown = int(np.searchsorted(x, self.now()[1] + 1e-12, side="right"))
            m.set_points_as_corners(points[:shown]) if shown >= 2 else m.clear_points()

        return curve.add_updater(redraw, call_updater=True)

    def cross_stretch(self, index: int, beat: Beat, arrival: str) -> None:
        """Move λ up to knot ``index + 1``, arriving as the beat says ``arrival``; the lasso
        counter shows the stretch's count on the way and the knot's on arrival."""
        knots = self.data.knots
        self.set_lasso_count(int(knots.stretch_nonzero[index]), f"lasso_nonzero_stretch_{index}")
        for note in self.event_notes:
            self.remove(note)
        self.event_notes.clear()
        beat.play_until(arrival, self.u.animate.set_value(index + 1), rate_func=manim.smooth)
        self.set_lasso_count(int(knots.nonzero[index + 1]), f"lasso_nonzero_knot_{index}")

    # ------------------------------------------------------------------ events

    def returns_later(self, index: int) -> bool:
        """Whether the coefficient landing at knot ``index`` leaves 0 again further up."""
        knots = self.data.knots
        later = slice(index + 1, None)
        return bool(np.any(~knots.lands[later] & (knots.features[later] == knots.features[index])))

    def returned_before(self, index: int) -> bool:
        """Whether the coefficient landing at knot ``index`` had left 0 once already."""
        knots = self.data.knots
        earlier = slice(0, index)
        feature = knots.features[index]
        return bool(np.any(~knots.lands[earlier] & (knots.features[earlier] == feature)))

    def event_script(self, index: int) -> tuple[str, str]:
        """What a lecturer says as the sweep reaches knot ``index + 1``, and the words on
        which it arrives there (the coefficient lands as its name, or "exactly 0", is
        said; some words follow, for its name and λ to be shown and filed)."""
        knots = self.data.knots
        name = self.names[knots.features[index]]
        lam = number_text(knots.lambdas[index + 1], 3)
        if not knots.lands[index]:
            return f"But then {name} leaves 0 again: a lasso path can turn back.", "leaves 0"
        if index == knots.features.size - 1:
            return f"Last, at λ = {lam}, {name} lands: above it, all {self.p} are exactly 0.", name
        if index == 0:
            return (
                "As λ grows, they all shrink, and the first to reach exactly 0 is "
                f"{name}, at λ = {lam}."
            ), "exactly 0"
        if self.returns_later(index):
            return f"Now {name} reaches exactly 0.", "exactly 0"
        if self.returned_before(index):
            return f"At {lam}, {name} lands again, for good.", name
        if index == self.first_landing_for_good():
            return f"Now {name} lands on exactly 0, and stays there.", "exactly 0"
        # Once λ's knots have been named, their values are said alone
        sayings = (("At {lam}, {name} lands.", "{name}"),
                   ("Then {name} lands, at {lam}.", "lands"),
                   ("And at {lam}, {name} drops out.", "{name}"))  # fmt: skip
        extras = {  # by the landings for good before this one
            1: " Each landing takes one off the lasso's count.",
            3: f" Ridge's count stays at {int(self.data.ridge_nonzero.min())}.",
        }
        landed = sum(1 for i in range(index) if knots.lands[i] and not self.returns_later(i))
        script, arrival = sayings[index % len(sayings)]
        return script.format(name=name, lam=lam) + extras.get(landed, ""), arrival.format(name=name)

    def first_landing_for_good(self) -> int:
        """The knot index where a coefficient first lands and stays at 0 (the last knot at
        the latest)."""
        knots = self.data.knots
        for index in range(knots.features.size):
            if knots.lands[index] and not self.returns_later(index):
                return index
        return knots.features.size - 1

    def land(self, index: int, beat: Beat) -> None:
        """A coefficient lands on exactly 0: a marker stays on the axis there, and its name
        with the knot's λ appears beside it and then moves to the ledger, while the beat
        finishes its sentence."""
        knots = self.data.knots
        feature, k = int(knots.features[index]), index + 1
        lam = float(knots.lambdas[k])
        point = self.lasso.point(lam, 0.0)
        marker = manim.Dot(point, radius=self.MARKER_RADIUS, color=self.colors.zero).set_z_index(4)
        self.markers.add(marker)
        label = self.ledger_line(self.names[feature], lam, f"landing_{index}_lambda")
        self.landings += 1
        side = (
            manim.DOWN if knots.coefs[feature, index] > 0 else manim.UP
        )  # away from where it came
        patch = self.beside(label, point, side)
        target = label.copy().move_to(self.ledger_slot(self.landings - 1), aligned_edge=manim.LEFT)
        self.play(
            manim.Flash(point, color=self.colors.zero),
            manim.FadeIn(marker),
            manim.FadeIn(patch, label, shift=0.15 * side),
            run_time=self.LABEL_TIME,
        )
        self.play(
            manim.ReplacementTransform(label, target),
            manim.FadeOut(patch),
            run_time=max(beat.remaining, self.LABEL_TIME),
        )
        self.ledger.add(target)
        self.ledger_rows[feature] = target
        self.landed_names.append(self.names[feature])

    def leave(self, index: int) -> None:
        """A coefficient leaves 0 again: its ledger row is struck through, and a note beside
        the point says so until the sweep moves on."""
        knots = self.data.knots
        feature, k = int(knots.features[index]), index + 1
        lam = float(knots.lambdas[k])
        point = self.lasso.point(lam, 0.0)
        number = self.numeral(lam, key=f"leaving_{index}_lambda", digits=4)
        note = self.words(
            [
                (f"{self.names[feature]} leaves 0 at", self.colors.foreground),
                (number, self.colors.l1),
            ],
            TYPE.small,
        )
        rising = knots.coefs[feature, min(k + 1, knots.lambdas.size - 1)] > 0
        patch = self.beside(note, point, manim.DOWN if rising else manim.UP)
        animations = [
            manim.FadeIn(patch, note, shift=0.15 * manim.UP),
            manim.Flash(point, color=self.colors.l1),
        ]
        struck = self.ledger_rows.get(feature)
        if struck is not None:
            strike = manim.Line(struck.get_left(), struck.get_right(), color=self.colors.muted)
            animations += [struck.animate.set_color(self.colors.muted), manim.Create(strike)]
            self.ledger.add(strike)
        self.play(*animations, run_time=self.LABEL_TIME)
        self.event_notes += [patch, note]

    def ledger_heading(self, below: manim.Mobject) -> manim.Text:
        heading = text("lands on 0 at λ", self.colors.muted, TYPE.small)
        return heading.next_to(below, manim.DOWN, buff=0.35, aligned_edge=manim.LEFT)

    def ledger_line(self, name: str, lam: float, key: str) -> manim.Text:
        """A name in the foreground colour and a λ in the zero colour, on one baseline."""
        number = self.numeral(lam, key=key, digits=4)
        return self.words([(name, self.colors.foreground), (number, self.colors.zero)], TYPE.small)

    def ledger_slot(self, position: int) -> np.ndarray:
        """The left end of ledger row ``position`` (0 at the top, under the heading)."""
        rows = max(int(np.sum(self.data.knots.lands)), 1)
        top = self.ledger_header.get_bottom()[1] - self.ROW_GAP
        step = min(self.LEDGER_ROW, (top - self.panel_bottom) / rows)
        return np.array([self.ledger_left, top - step * (position + 0.5), 0.0])

    def beside(self, label: manim.Mobject, point: np.ndarray, side: np.ndarray) -> manim.Mobject:
        """Put ``label`` by ``point`` on ``side``, inside the lasso panel, and return a patch
        of background to set under it, so the curves it lies over do not cross its words."""
        axes = self.lasso.axes
        label.next_to(point, side, buff=0.2).set_z_index(5)
        if label.get_right()[0] > axes.get_right()[0]:
            label.align_to(axes, manim.RIGHT)
        if label.get_left()[0] < axes.get_left()[0] + 0.15:
            label.align_to(axes.get_left() + 0.15 * manim.RIGHT, manim.LEFT)
        patch = manim.BackgroundRectangle(label, color=self.colors.background, buff=0.06)
        return patch.set_fill(opacity=self.PATCH_OPACITY).set_z_index(4)

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> dict:
        """Ridge's last stretch of λ magnified to its own coefficient range, in the ridge
        panel's place (a little lower, for a note above it): every coefficient still off 0."""
        lams, coefs = self.ridge_lams, self.ridge_coefs
        inside = lams >= lams[-1] / self.ZOOM_RATIO
        inside[-2:] = True  # at least two grid points
        lams, coefs = lams[inside], coefs[:, inside]
        edge = round_up(self.HEADROOM * float(np.max(np.abs(coefs))))
        ridge = self.ridge
        corner_a, corner_b = ridge.point(lams[0], edge), ridge.point(lams[-1], -edge)
        box = manim.Rectangle(
            width=abs(corner_b[0] - corner_a[0]) + 0.2,
            height=abs(corner_b[1] - corner_a[1]) + 0.2,
            color=self.colors.accent,
        ).move_to((corner_a + corner_b) / 2)
        top = self.panel_top - self.ZOOM_NOTE_ROOM
        axes = self.plot_axes((0.0, 1.0), (-edge, edge), ridge.axes.width, top - self.panel_bottom)
        axes.move_to([ridge.axes.get_center()[0], (top + self.panel_bottom) / 2, 0])
        zoomed = Panel(axes, float(lams[0]), float(lams[-1]), manim.VGroup(axes))
        muted = self.colors.muted
        for key, value in (("low", lams[0]), ("high", lams[-1])):
            number = self.number(value, muted, key=f"zoom_lambda_{key}", scale=TYPE.small, digits=3)
            number.next_to(zoomed.point(value, -edge), manim.DOWN, buff=0.12)
            number.align_to(axes, manim.LEFT if key == "low" else manim.RIGHT)
            zoomed.frame.add(number)
        for key, value in (("top", edge), ("bottom", -edge), ("zero", 0.0)):
            number = self.number(value, muted, key=f"zoom_coef_{key}", scale=TYPE.small, digits=3)
            zoomed.frame.add(number.next_to(axes.c2p(0, value), manim.LEFT, buff=0.1))
        border = manim.SurroundingRectangle(axes, color=self.colors.accent, buff=0.05)
        curves, dots = manim.VGroup(), manim.VGroup()
        for y in coefs:
            curve = manim.VMobject(stroke_color=self.colors.l2, stroke_width=self.CURVE_WIDTH)
            curves.add(curve.set_points_as_corners(axes.c2p(zoomed.fraction(lams), y).T))
            end = zoomed.point(lams[-1], y[-1])
            dots.add(manim.Dot(end, radius=self.DOT_RADIUS, color=self.tint(y[-1], self.colors.l2)))
        smallest = float(np.min(np.abs(coefs[:, -1])))
        value = self.numeral(smallest, key="ridge_smallest", digits=4)
        note = self.words([(f"smallest |coefficient|: {value}", self.colors.l2)], TYPE.small)
        note.next_to(axes, manim.UP, buff=0.15).align_to(axes, manim.LEFT)
        self.zoomed = zoomed
        return {
            "box": box,
            "border": border,
            "frame": zoomed.frame,
            "curves": curves,
            "dots": dots,
            "note": note,
            "smallest": smallest,
        }
