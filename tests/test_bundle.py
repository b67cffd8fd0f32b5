"""The bundle's model and the rows it leaves out."""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling, Terms, implied_rows
from allocator.decomposition.search.bundle import Bundle, Cut


def rm_rows(book_size: float) -> list[Coupling]:
    """Two RMs of 100 hours: R1's customers need 10 or 20 hours, R2's 10 or 5; both RMs hold
    `book_size` customers at most."""
    cols, rows = np.arange(4), np.array([0, 0, 1, 1])
    labels = np.array(["R1", "R2"], dtype=object)
    hours = Coupling("rm_capacity", "rm_capacity", "le", labels, np.array([100.0, 100.0]),
                     on_x=Terms(cols, rows, np.array([10.0, 20.0, 10.0, 5.0])))
    book = Coupling("rm_book_size", "rm_book_size", "le", labels[::-1],
                    np.array([book_size, book_size]), on_x=Terms(cols, 1 - rows, np.ones(4)))
    return [hours, book]


def test_a_book_size_the_hours_cannot_reach_is_implied() -> None:
    # R1 holds at most 100 / 10 = 10 customers, R2 100 / 5 = 20 (labels in another order)
    assert implied_rows(rm_rows(10), {})[1].tolist() == [False, True]
    assert implied_rows(rm_rows(20), {})[1].tolist() == [True, True]
    assert implied_rows(rm_rows(9.5), {})[1].tolist() == [False, False]
    assert not implied_rows(rm_rows(20), {})[0].any()


def test_soft_hours_imply_nothing() -> None:
    assert not np.concatenate(implied_rows(rm_rows(20), {"rm_capacity": 50.0})).any()


def test_the_model_leaves_out_multipliers_held_at_zero() -> None:
    # L(mu) = max(4 - mu0 - mu1 - mu2, 0) + mu0 + 2 mu1 + 3 mu2, one block; mu1 stays at zero
    bundle = Bundle(3, 1, np.array([np.inf, 0.0, np.inf]), np.ones(3), np.array([1.0, 2, 3]))
    point = np.array([0.5, 0.0, 0.5])
    for _ in range(6):
        value = max(4 - point.sum(), 0.0)
        slopes = -np.ones(3) if value > 0 else np.zeros(3)
        bundle.add(point, value + float(bundle.linear @ point),
                   Cut(np.array([value]), np.zeros(3, dtype=np.int64), np.arange(3), slopes))
        point = bundle.next_point()
        assert point[1] == 0.0 and (point >= 0).all()
    assert bundle.model.getNumCol() == 2 + 1
    assert bundle.center[1] == 0.0 and bundle.center_value == 4.0  # the minimum, from 5


def test_the_box_grows_only_on_a_step_that_keeps_most_of_its_promise() -> None:
    bundle = Bundle(1, 1, np.array([np.inf]), np.ones(1), np.zeros(1))
    cut = Cut(np.zeros(1), np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), np.zeros(1))
    bundle.add(np.zeros(1), 10.0, cut)
    box = bundle.box
    bundle.predicted = 1.0
    bundle.add(np.ones(1), 9.8, cut)  # a fifth of the promise: the centre moves, the box holds
    assert bundle.center_value == 9.8 and bundle.box == box
    bundle.add(2 * np.ones(1), 9.2, cut)  # most of it: the box doubles too
    assert bundle.center_value == 9.2 and bundle.box == 2 * box
