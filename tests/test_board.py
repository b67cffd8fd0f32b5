"""The board two side-by-side paths share (allocator.backends.board)."""

from __future__ import annotations

import math
import multiprocessing

from allocator.backends.board import Board


def test_nothing_is_settled_until_a_plan_and_a_bound_are_posted() -> None:
    board = Board(gap=0.01)
    assert not board.settled()
    board.post("exact", 100.0, None)
    assert not board.settled()
    board.post("decomposition", None, 100.5)
    assert board.settled()
    assert not board.settled("exact") and not board.settled("decomposition")


def test_the_better_plan_and_the_lower_bound_count() -> None:
    board = Board(gap=0.001)
    board.post("decomposition", 99.0, 101.0)
    board.post("exact", 99.5, 102.0)
    assert not board.settled()  # 99.5 against 101: 1.5% apart
    board.post("exact", 100.95, 100.99)
    assert board.settled() and board.settled("exact") and not board.settled("decomposition")
    board.post("exact", 90.0, 120.0)  # a worse plan and a looser bound change nothing
    assert board.plan("exact") == 100.95 and board.settled("exact")


def test_infinite_and_missing_figures_are_not_posted() -> None:
    board = Board(gap=0.0)
    board.post("exact", -math.inf, math.inf)
    board.post("exact", 1e30, -1e30)  # HiGHS's infinity
    board.post("exact", math.nan, math.nan)
    assert board.plan("exact") is None and not board.settled()


def _post(board: Board) -> None:
    board.post("exact", 7.0, 7.0)


def test_a_forked_process_posts_to_its_parent() -> None:
    board = Board(gap=0.0)
    child = multiprocessing.get_context("fork").Process(target=_post, args=(board,))
    child.start()
    child.join()
    assert board.plan("exact") == 7.0 and board.settled()
