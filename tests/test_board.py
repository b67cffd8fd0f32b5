"""The board a side-by-side run's decomposition posts on for the exact solve beside it
(allocator.backends.board)."""

from __future__ import annotations

import math
import multiprocessing

from allocator.backends.board import Board


def test_nothing_is_settled_until_a_plan_and_a_bound_are_posted() -> None:
    board = Board(gap=0.01)
    assert not board.settled() and not board.beats(50.0)
    board.post(100.0, None)
    assert not board.settled() and board.beats(100.0) and not board.beats(100.01)
    board.post(None, 100.5)
    assert board.settled()


def test_the_higher_plan_and_the_lower_bound_count() -> None:
    board = Board(gap=0.001)
    board.post(99.0, 101.0)
    assert not board.settled()  # 99 against 101: 2% apart
    board.post(100.95, 100.99)
    assert board.settled() and board.plan == 100.95
    board.post(90.0, 120.0)  # a worse plan and a looser bound change nothing
    assert board.plan == 100.95 and board.settled()


def test_infinite_and_missing_figures_are_not_posted() -> None:
    board = Board(gap=0.0)
    board.post(-math.inf, math.inf)
    board.post(1e30, -1e30)  # HiGHS's infinity
    board.post(math.nan, math.nan)
    assert board.plan is None and not board.settled()
    board.post(5.0, None)
    assert not board.beats(math.inf) and not board.beats(1e30)


def _post(board: Board) -> None:
    board.post(7.0, 7.0)


def test_a_forked_process_posts_to_its_parent() -> None:
    board = Board(gap=0.0)
    child = multiprocessing.get_context("fork").Process(target=_post, args=(board,))
    child.start()
    child.join()
    assert board.plan == 7.0 and board.settled()
