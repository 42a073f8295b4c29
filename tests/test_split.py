"""Planning a split render (``whyl1.split``): the cut against brute force over every
cut, the beats' weights against sums and frames worked by hand, the cost record's round
trip and its fallbacks, and how the pipeline shares out its cores. That a split render
comes out as the serial one is checked on a real scene in ``test_scene_epsilon.py``."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whyl1 import split


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """The cost records of these tests in a cache of their own."""
    monkeypatch.setenv("WHYL1_CACHE", str(tmp_path / "cache"))


def heaviest_run(weights, starts):
    bounds = [0, *starts, len(weights)]
    return max(sum(weights[a:b]) for a, b in itertools.pairwise(bounds))


@given(
    st.lists(st.integers(0, 50).map(float), min_size=1, max_size=9),
    st.integers(1, 5),
)
def test_the_split_is_the_lightest_of_all_cuts(weights, parts):
    starts = split.balanced_split(weights, parts)
    assert starts == sorted(set(starts))
    assert all(0 < start < len(weights) for start in starts)  # runs are never empty
    assert len(starts) == min(parts, len(weights)) - 1
    every_cut = itertools.combinations(range(1, len(weights)), min(parts, len(weights)) - 1)
    assert heaviest_run(weights, starts) == min(heaviest_run(weights, c) for c in every_cut)


def test_ranges_cover_the_beats_in_order():
    assert split.plan_ranges([4, 1, 1, 1, 1], 2) == [(0, 1), (1, None)]
    assert split.plan_ranges([1, 1, 1, 1, 1, 1], 3) == [(0, 2), (2, 4), (4, None)]
    assert split.plan_ranges([3, 2], 8) == [(0, 1), (1, None)]  # no more ranges than beats
    assert split.plan_ranges([3, 2], 1) == [(0, None)]


TIMELINE = {
    "duration": 10.0,
    "fps": 15,
    "beats": [  # the lead-in (animation 0) comes before the first beat
        {"plays": [1, 3], "start": 0.5},
        {"plays": [3, 4], "start": 4.0},
        {"plays": [5, 7], "start": 6.0},  # animation 4 falls between two beats
    ],
}


def test_beats_weigh_what_their_animations_cost_up_to_the_next_beat():
    costs = {0: 0.5, 1: 1.0, 2: 2.0, 3: 4.0, 4: 8.0, 5: 16.0, 6: 32.0, 7: 64.0}
    # beat 0 from the start (0, 1, 2), beat 1 with the animation after it (3, 4), then
    # the last beat to the end (5, 6, 7: what follows the last beat is the scene's end)
    assert split.beat_weights(TIMELINE, costs) == [3.5, 12.0, 112.0]


def test_without_costs_for_every_animation_beats_weigh_their_frames():
    assert split.beat_weights(TIMELINE, {0: 1.0, 1: 1.0}) == [60.0, 30.0, 60.0]
    assert split.beat_weights(TIMELINE) == [4.0 * 15, 2.0 * 15, 4.0 * 15]


def write_render(folder, costs_by_range):
    """A finished render's timeline and the costs files its ranges wrote."""
    folder.mkdir()
    timeline = folder / "s.timeline.json"
    timeline.write_text(json.dumps(TIMELINE))
    files = []
    for index, costs in enumerate(costs_by_range):
        files.append(folder / f"range-{index}.costs.json")
        files[-1].write_text(json.dumps({str(k): v for k, v in costs.items()}))
    return timeline, files


def test_a_split_renders_costs_are_recorded_by_beat(tmp_path):
    first = {0: 0.5, 1: 1.0, 2: 2.0, 3: 4.0, 4: 8.0}
    second = {5: 16.0, 6: 32.0, 7: 64.0}
    timeline, files = write_render(tmp_path / "render", [first, second])
    split.record_costs("steps", "medium", timeline, files)
    assert split.recorded_weights("steps", "medium") == [3.5, 12.0, 112.0]
    # another quality, never rendered, plans by the one rendered last
    assert split.recorded_weights("steps", "high") == [3.5, 12.0, 112.0]
    assert split.recorded_weights("epsilon", "medium") is None


def test_a_render_that_measured_part_of_its_animations_records_nothing(tmp_path):
    timeline, files = write_render(tmp_path / "render", [{5: 16.0, 6: 32.0, 7: 64.0}])
    split.record_costs("steps", "low", timeline, files)
    assert split.recorded_weights("steps", "low") is None


def test_an_unreadable_record_is_no_record():
    path = split.costs_file("kink", "low")
    path.parent.mkdir(parents=True)
    for text in ("{", '{"beats": "many"}', '{"beats": [1, -2]}', "[]"):
        path.write_text(text)
        assert split.recorded_weights("kink", "low") is None


@pytest.mark.parametrize(
    ("pending", "jobs", "cores"),
    [(1, 2, 2), (1, 1, 1), (2, 2, 1), (3, 2, 1), (2, 8, 4), (3, 8, 2), (0, 4, 4)],
)
def test_spare_cores_are_shared_out_among_the_items(pending, jobs, cores):
    assert split.cores_per_item(pending, jobs) == cores
