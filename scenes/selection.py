"""Feature selection: of 1,000 candidate weights the lasso leaves about 50 non-zero and sets the
rest to exactly 0; ridge, with the same λ, leaves all 1,000 non-zero."""

from __future__ import annotations

import math
from collections.abc import Callable

import manim
import numpy as np
from whyl1.scenes.beat import Beat
from whyl1.scenes.common import LABEL_SIZE, StoryScene, formula, text

from whyl1 import sources, stories
from whyl1.results import SelectionResult
from whyl1.theme import TYPE, number_text

# One square as four straight cubic Bézier segments (manim's path format): corner offsets
# (in half-sides) and the fractions along a side of each segment's four control points.
_CORNERS = np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0]])
_ALONG = np.array([0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0])

# The table's rows: what each counts, and its name on screen.
ROWS = (
    ("nonzero", "non-zero"),
    ("true_positives", "true positives"),
    ("false_positives", "false positives"),
    ("missed", "missed"),
    ("zeros", "exactly 0"),
)


def squares(centres: np.ndarray, half: float) -> np.ndarray:
    """The path points of one square of half-side ``half`` around each centre, shape
    ``(n, 16, 3)``: a batch of cells becomes one VMobject (one draw call, not n)."""
    sides = _CORNERS[:-1, None, :] + _ALONG[None, :, None] * np.diff(_CORNERS, axis=0)[:, None]
    points = np.zeros((len(centres), 16, 3))
    points[:, :, :2] = (centres[:, None, None, :2] + half * sides[None]).reshape(-1, 16, 2)
    return points


def baseline(line: manim.Text) -> float:
    """The y of a line of text's baseline: the median bottom of its glyphs (descenders and
    hyphens are the few, letters on the line the many)."""
    return float(np.median([glyph.get_bottom()[1] for glyph in line]))


class SelectionScene(StoryScene):
    """Two grids of the candidate weights, one cell each, the truly relevant ones outlined:
    the lasso fit is read into the left grid cell by cell (non-zero cells lit, exact zeros
    out) while a table counts true positives, false positives and misses; ridge fills the
    right grid, every cell lit; then every cell flies to its place in fitted-against-true."""

    story = "selection"
    data: SelectionResult

    # Layout (Manim units)
    EDGE = 0.3  # free at the frame's left and right edges
    TABLE_WIDTH = 4.4  # between the grids
    GAP = 0.25  # between a grid and the table
    ROW_GAP = 0.12
    TABLE_ROW = 0.42  # between the table's rows
    COLUMN = 1.25  # between the right edges of the table's two columns
    CELL_FILL = 0.78  # of a cell's pitch that its square covers
    DOT_SIZE = 0.075  # side of a weight's square in the fitted-against-true plots
    RING_SIZE = 0.98  # of a cell's pitch: the outline of a relevant cell, just inside it
    RING_WIDTH = 1.5
    CIRCLE_SIZE = 0.68  # radius of a false positive's circle, in cell pitches
    WAITING_OPACITY = 0.45  # of a cell not yet read
    HEADROOM = 1.05  # the plots reach past the largest weight by this
    NOTE_ROOM = 0.5  # under the fitted-against-true plots
    CHECKPOINTS = 12  # the counts are updated this many times during a sweep
    # Timing (seconds): the rest is fitted to the speech
    SHOW_TIME = 1.0
    SWEEP_TIME_MIN = 3.0  # reading one fit into its grid, at least
    PAUSE = 1.5  # of silence after the last words

    def construct(self) -> None:
        d, colors = self.data, self.colors
        self.n = d.true_coefs.size
        self.relevant = d.true_coefs != 0

        # The candidates: one cell per weight, the ones that truly matter outlined
        self.next_section("candidates")
        heading = self.title(stories.get(self.story).title)
        source = self.footnote(sources.credit_line(self.story))
        setting = self.setting().match_y(heading).to_edge(manim.RIGHT, buff=self.EDGE)
        self.layout(heading, source)
        names = self.names()
        self.lasso_read = manim.ValueTracker(0.0)  # cells read into each grid so far
        self.ridge_read = manim.ValueTracker(0.0)
        lasso_cells = self.cells(self.lasso_grid, d.lasso_coefs, colors.l1, self.lasso_read)
        ridge_cells = self.cells(self.ridge_grid, d.ridge_coefs, colors.l2, self.ridge_read)
        rings = manim.VGroup(self.rings(self.lasso_grid), self.rings(self.ridge_grid))
        objectives = self.objectives()
        with self.beat(
            f"A synthetic regression: {self.values['n_samples']} samples and {self.n:,} "
            "candidate features. Each cell is one feature's weight, once for each fit."
        ) as beat:
            beat.play_until(
                "Each cell",
                manim.Write(heading),
                manim.FadeIn(source),
                manim.FadeIn(setting),
                manim.FadeIn(names),
            )
            self.add(self.lasso_grid, self.ridge_grid)  # hidden axes: where the cells sit
            self.play(
                manim.FadeIn(lasso_cells["waiting"]), manim.FadeIn(ridge_cells["waiting"]),
                run_time=max(beat.remaining, self.SHOW_TIME),
            )  # fmt: skip
        with self.beat(
            "The lasso adds λ‖w‖₁ to the squared error, and ridge adds ½λ‖w‖₂²."
        ) as beat:
            self.play(manim.FadeIn(objectives[0], shift=0.2 * manim.DOWN), run_time=self.SHOW_TIME)
            beat.until("and ridge")
            self.play(manim.FadeIn(objectives[1], shift=0.2 * manim.DOWN), run_time=self.SHOW_TIME)
        with self.beat(
            f"Only {d.relevant} of them truly matter: the outlined cells. The fits are not told "
            "which."
        ) as beat:
            self.play(
                manim.Create(rings), run_time=max(beat.seconds_to("The fits"), self.SHOW_TIME)
            )

        # The lasso, read in cell by cell, counted as it goes
        self.next_section("lasso")
        self.table_frame = self.table_frame_()
        self.counts: dict[tuple[str, str], manim.Text] = {}  # each fit's numbers in the table
        self.count_values: dict[tuple[str, str], int] = {}
        self.add(*(lasso_cells[state] for state in ("lit", "off")))
        with self.beat(
            f"Fit the lasso with λ = {number_text(self.values['lam'])}, and read its weights "
            "into the grid: most cells go out, exactly 0."
        ) as beat:
            self.play(
                manim.FadeOut(objectives),
                manim.FadeIn(self.table_frame["lasso"]),
                run_time=self.SHOW_TIME,
            )
            self.read_fit("lasso", self.lasso_read, self.lasso_grid, d.lasso_coefs, beat)
        false_positives = self.circled(self.lasso_grid, (d.lasso_coefs != 0) & ~self.relevant)
        with self.beat(
            f"{d.lasso_nonzero} stay lit: {d.true_positives} of the {d.relevant} that matter, "
            f"and {d.false_positives} false positives, circled. The other "
            f"{self.n - d.lasso_nonzero} are exactly 0."
        ) as beat:
            beat.until("false positives")
            self.play(manim.Create(false_positives), run_time=self.SHOW_TIME)

        # Ridge, with the same λ: every cell stays lit
        self.next_section("ridge")
        self.add(ridge_cells["lit"], ridge_cells["off"])
        with self.beat(
            f"Ridge, with the same λ, shrinks every weight, but sets none to 0: all "
            f"{d.ridge_nonzero:,} stay lit."
        ) as beat:
            self.play(manim.FadeIn(self.table_frame["ridge"]), run_time=self.SHOW_TIME)
            self.read_fit("ridge", self.ridge_read, self.ridge_grid, d.ridge_coefs, beat)

        # Every cell to its place in fitted against true
        self.next_section("fitted")
        plots = {"lasso": self.versus(self.lasso_grid, "lasso"),
                 "ridge": self.versus(self.ridge_grid, "ridge")}  # fmt: skip
        for cells in (lasso_cells, ridge_cells):
            for batch in cells.values():
                batch.clear_updaters()
        self.remove(self.lasso_grid, self.ridge_grid)
        with self.beat("Now plot each fitted weight against its true value.") as beat:
            self.play(
                manim.FadeOut(rings, false_positives),
                self.fly(lasso_cells, plots["lasso"]["axes"], d.lasso_coefs),
                self.fly(ridge_cells, plots["ridge"]["axes"], d.ridge_coefs),
                *(manim.FadeIn(plot["frame"]) for plot in plots.values()),
                run_time=max(beat.remaining, self.SHOW_TIME),
            )
        irrelevant = self.n - d.relevant
        with self.beat(
            f"The lasso's {self.n - d.lasso_nonzero} zeros sit on one point, the origin. "
            f"Ridge's {irrelevant} irrelevant weights spread up and down the axis: small, but "
            "not 0.",
            pause=self.PAUSE,
        ) as beat:
            beat.until("sit on one point")
            self.play(manim.FadeIn(plots["lasso"]["zero"]), run_time=self.SHOW_TIME)
            beat.until("spread")
            self.play(manim.FadeIn(plots["ridge"]["spread"]), run_time=self.SHOW_TIME)

    # ------------------------------------------------------------------ layout

    def setting(self) -> manim.Text:
        """The data, top right."""
        fg, v = self.colors.foreground, self.values
        samples = self.numeral(v["n_samples"], key="n_samples")
        lam = self.numeral(v["lam"], key="lam")
        return self.words([(f"{samples} samples, λ = {lam}", fg)], TYPE.label)

    def layout(self, heading: manim.Mobject, source: manim.Mobject) -> None:
        """A grid on each side of the table, as large as the room allows: hidden axes in
        cell units (column, row from the top), so a cell's centre is ``c2p``."""
        half = manim.config.frame_width / 2
        width = (2 * half - 2 * self.EDGE - self.TABLE_WIDTH - 2 * self.GAP) / 2
        self.names_y = heading.get_bottom()[1] - 0.35
        top = self.names_y - 0.35
        bottom = source.get_top()[1] + 0.25
        height = top - bottom
        self.cols = math.ceil(math.sqrt(self.n * width / height))
        self.rows = math.ceil(self.n / self.cols)
        self.pitch = min(width / self.cols, height / self.rows)
        centre_y = (top + bottom) / 2
        self.lasso_grid = self.grid_axes(-half + self.EDGE + width / 2, centre_y)
        self.ridge_grid = self.grid_axes(half - self.EDGE - width / 2, centre_y)
        self.plot_width, self.plot_top, self.plot_bottom = width, top, bottom
        index = np.arange(self.n)
        self.cell_xy = np.column_stack([index % self.cols + 0.5, index // self.cols + 0.5])

    def grid_axes(self, x: float, y: float) -> manim.Axes:
        axes = self.plot_axes((0, self.cols), (0, self.rows), self.cols * self.pitch,
                              self.rows * self.pitch)  # fmt: skip
        return axes.move_to([x, y, 0]).set_stroke(opacity=0.0)

    def centres(self, grid: manim.Axes) -> np.ndarray:
        """Every cell's centre on ``grid``, weight 0 at the top left, row by row."""
        column, row = self.cell_xy[:, 0], self.cell_xy[:, 1]
        return grid.c2p(column, self.rows - row).T

    def names(self) -> manim.VGroup:
        names = manim.VGroup()
        for grid, name, color in ((self.lasso_grid, "L1: lasso", self.colors.l1),
                                  (self.ridge_grid, "L2: ridge", self.colors.l2)):  # fmt: skip
            label = text(name, color, TYPE.heading, weight="BOLD")
            names.add(label.move_to([grid.get_center()[0], self.names_y, 0]))
        return names

    def objectives(self) -> manim.VGroup:
        """What each fit minimises, in the middle column (where the table goes later)."""
        colors, blocks = self.colors, manim.VGroup()
        for name, color, penalty in (
            ("lasso minimises", colors.l1, r"\lambda\|w\|_1"),
            ("ridge minimises", colors.l2, r"\frac{\lambda}{2}\|w\|_2^2"),
        ):
            tex = r"\frac{1}{2n}\|y - Xw\|^2 + " + penalty
            block = manim.VGroup(text(name, color, TYPE.small), formula(tex, color, LABEL_SIZE))
            blocks.add(block.arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=2 * self.ROW_GAP))
        blocks.arrange(manim.DOWN, aligned_edge=manim.LEFT, buff=0.5)
        middle = (self.lasso_grid.get_right()[0] + self.ridge_grid.get_left()[0]) / 2
        return blocks.move_to([middle, self.plot_top, 0], aligned_edge=manim.UP)

    # ------------------------------------------------------------------ cells

    def cells(
        self, grid: manim.Axes, coefs: np.ndarray, color: str, read: manim.ValueTracker
    ) -> dict[str, manim.VMobject]:
        """Three batches of squares: the cells not yet read (muted), the read ones that are
        non-zero (lit, ``color``) and the read ones exactly 0 (out, faint): each one VMobject
        redrawn from masks as ``read`` (cells read so far) moves."""
        points = squares(self.centres(grid), self.CELL_FILL * self.pitch / 2)
        index = np.arange(self.n)
        states: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
            "waiting": (lambda done: ~done, self.colors.muted),  # drawn half transparent
            "lit": (lambda done: done & (coefs != 0), color),
            "off": (lambda done: done & (coefs == 0), self.colors.faint),
        }
        batches = {}
        for state, (mask, fill) in states.items():
            opacity = self.WAITING_OPACITY if state == "waiting" else 1.0
            batch = manim.VMobject(fill_color=fill, fill_opacity=opacity, stroke_width=0)

            def redraw(m: manim.VMobject, mask: Callable = mask) -> None:
                chosen = points[mask(index < read.get_value())]
                m.set_points(chosen.reshape(-1, 3)) if len(chosen) else m.clear_points()

            # over the plots' axes, where ridge's irrelevant weights end up
            batches[state] = batch.add_updater(redraw, call_updater=True).set_z_index(1)
        return batches

    def rings(self, grid: manim.Axes) -> manim.VMobject:
        """An outline around each cell whose true weight is non-zero."""
        outline = squares(self.centres(grid)[self.relevant], self.RING_SIZE * self.pitch / 2)
        ring = manim.VMobject(stroke_color=self.colors.foreground, stroke_width=self.RING_WIDTH)
        return ring.set_points(outline.reshape(-1, 3)).set_fill(opacity=0.0)

    def circled(self, grid: manim.Axes, chosen: np.ndarray) -> manim.VGroup:
        """A circle in the accent colour around each chosen cell (the false positives),
        passing between it and its neighbours."""
        return manim.VGroup(
            *(manim.Circle(radius=self.CIRCLE_SIZE * self.pitch, color=self.colors.accent,
                           stroke_width=3).move_to(c)
              for c in self.centres(grid)[chosen])
        )  # fmt: skip

    # ------------------------------------------------------------------ the table

    def table_frame_(self) -> dict[str, manim.VGroup]:
        """The table between the grids: row names, and each fit's column heading."""
        muted, colors = self.colors.muted, self.colors
        left = self.lasso_grid.get_right()[0] + self.GAP
        right = self.ridge_grid.get_left()[0] - self.GAP
        top = self.plot_top - 0.3
        self.row_y = [top - (i + 1) * self.TABLE_ROW for i in range(len(ROWS))]
        self.column_right = {"lasso": right - self.COLUMN, "ridge": right}
        labels = manim.VGroup()
        for (key, label), y in zip(ROWS, self.row_y, strict=True):
            line = text(label, colors.zero if key == "zeros" else muted, TYPE.small)
            line.move_to([left, y, 0], aligned_edge=manim.LEFT)
            labels.add(line)
        self.baselines = [baseline(line) for line in labels]
        frame = {"lasso": manim.VGroup(labels), "ridge": manim.VGroup()}
        for name, color in (("lasso", colors.l1), ("ridge", colors.l2)):
            head = text(name, color, TYPE.small, weight="BOLD")
            head.move_to([self.column_right[name], top, 0], aligned_edge=manim.RIGHT)
            frame[name].add(head)
        return frame

    def tally(self, coefs: np.ndarray, read: int) -> dict[str, int]:
        """The table's counts over the first ``read`` cells, as plain counts of the data."""
        kept = coefs[:read] != 0
        relevant = self.relevant[:read]
        return {
            "nonzero": int(np.count_nonzero(kept)),
            "true_positives": int(np.count_nonzero(kept & relevant)),
            "false_positives": int(np.count_nonzero(kept & ~relevant)),
            "missed": int(np.count_nonzero(~kept & relevant)),
            "zeros": int(np.count_nonzero(~kept)),
        }

    def show_counts(self, method: str, counts: dict[str, int], step: int) -> None:
        """Put ``counts`` in the method's column (a new number only where one changed);
        each is recorded under ``<method>_<row>_<step>``."""
        color = self.colors.l1 if method == "lasso" else self.colors.l2
        for (key, _), y_base in zip(ROWS, self.baselines, strict=True):
            value, old = counts[key], self.counts.get((method, key))
            record = f"{method}_{key}_{step}"
            if old is not None and self.count_values[(method, key)] == value:
                self.numeral(value, key=record)
                continue
            number_color = self.colors.zero if key == "zeros" else color
            number = self.number(value, number_color, key=record, scale=TYPE.small)
            self.count_values[(method, key)] = value
            number.move_to([self.column_right[method], 0, 0], aligned_edge=manim.RIGHT)
            number.shift((y_base - number.get_bottom()[1]) * manim.UP)
            if old is not None:
                self.remove(old)
            self.add(number)
            self.counts[(method, key)] = number

    def stops(self) -> np.ndarray:
        """The cells read by each checkpoint of a sweep: 0, then evenly on to every cell."""
        return np.unique(np.round(np.linspace(0, self.n, self.CHECKPOINTS + 1)).astype(int))

    def read_fit(
        self, method: str, read: manim.ValueTracker, grid: manim.Axes, coefs: np.ndarray, beat: Beat
    ) -> None:
        """Read a fit into its grid row by row over the rest of ``beat``'s speech, a bar
        marking the row being read; the counts are updated at each of the checkpoints."""
        stops = self.stops()
        self.show_counts(method, self.tally(coefs, 0), 0)
        reach = (grid.width / 2 + 0.05) * manim.RIGHT
        bar = manim.Line(-reach, reach, color=self.colors.accent, stroke_width=3)

        def follow(m: manim.Line) -> None:
            row = min(read.get_value() / self.cols, self.rows)
            m.move_to(grid.c2p(self.cols / 2, self.rows - row))

        self.add(bar.add_updater(follow, call_updater=True))
        sweep = max(beat.remaining, self.SWEEP_TIME_MIN)
        for step, stop in enumerate(stops[1:], start=1):
            share = (stop - read.get_value()) / self.n
            self.play(read.animate.set_value(stop), run_time=sweep * share, rate_func=manim.linear)
            self.show_counts(method, self.tally(coefs, int(stop)), step)
        self.remove(bar)

    # ------------------------------------------------------------------ fitted against true

    def versus(self, grid: manim.Axes, method: str) -> dict[str, manim.Mobject]:
        """Fitted against true weight, in the grid's place: axes, the diagonal (fitted =
        true), names; the lasso's exact zeros marked at the origin, ridge's spread named."""
        d, colors, muted = self.data, self.colors, self.colors.muted
        largest = float(np.max(np.abs([d.true_coefs, d.lasso_coefs, d.ridge_coefs])))
        reach = math.ceil(2 * self.HEADROOM * largest) / 2
        # Square, with a row under it for the ridge's note
        size = min(self.plot_width, self.plot_top - self.plot_bottom - self.NOTE_ROOM)
        axes = self.plot_axes((-reach, reach), (-reach, reach), size, size)
        axes.move_to([grid.get_center()[0], self.plot_top - size / 2, 0])
        diagonal = manim.DashedLine(axes.c2p(-reach, -reach), axes.c2p(reach, reach), color=muted)
        # Names where no weight can be: under the x axis's right end and left of the y axis's
        # top (a true weight is not fitted with the opposite sign)
        y_name = text("fitted weight", muted, TYPE.small)
        y_name.next_to(axes.c2p(0, reach), manim.LEFT, buff=0.15).align_to(axes, manim.UP)
        ends = manim.VGroup()
        for value, key, edge in ((reach, "high", manim.RIGHT), (-reach, "low", manim.LEFT)):
            number = self.number(value, muted, key=f"{method}_reach_{key}", scale=TYPE.small)
            ends.add(number.next_to(axes.c2p(value, 0), manim.DOWN, buff=0.12).align_to(axes, edge))
        x_name = text("true weight", muted, TYPE.small)
        x_name.next_to(ends[0], manim.DOWN, buff=self.ROW_GAP).align_to(axes, manim.RIGHT)
        frame = manim.VGroup(axes, diagonal, x_name, y_name, ends)
        plot: dict[str, manim.Mobject] = {"axes": axes, "frame": frame}
        if method == "lasso":
            zeros = self.n - d.lasso_nonzero
            dot = manim.Dot(axes.c2p(0, 0), radius=0.09, color=colors.zero).set_z_index(2)
            count = self.numeral(zeros, key="versus_zeros")
            label = self.words([(f"{count} exactly 0", colors.zero)], TYPE.small)
            label.next_to(axes.c2p(0, 0), manim.UP + manim.LEFT, buff=0.15)  # no lasso weight there
            plot["zero"] = manim.VGroup(dot, label)
        else:
            count = self.numeral(self.n - d.relevant, key="versus_irrelevant")
            label = self.words([(f"{count} irrelevant: none is 0", colors.l2)], TYPE.small)
            label.next_to(axes, manim.DOWN, buff=0.15).set_x(axes.c2p(0, 0)[0])
            plot["spread"] = label
        return plot

    def fly(
        self, cells: dict[str, manim.VMobject], axes: manim.Axes, coefs: np.ndarray
    ) -> manim.AnimationGroup:
        """Every cell of a fit's grid, batch by batch, to a small square at (true weight,
        fitted weight): the same points, moved, so each cell visibly travels to its place."""
        truth = self.data.true_coefs
        targets = squares(axes.c2p(truth, coefs).T, self.DOT_SIZE / 2)
        moves = []
        for state, mask in (("lit", coefs != 0), ("off", coefs == 0)):
            if not mask.any():
                continue
            target = cells[state].copy().set_points(targets[mask].reshape(-1, 3))
            if state == "off":
                target.set_fill(self.colors.zero)
            moves.append(manim.Transform(cells[state], target))
        return manim.AnimationGroup(*moves)
