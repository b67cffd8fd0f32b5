"""Running on an existing Dask cluster: connect, spread work, and turn a lost worker or an
unreachable scheduler into a clear error (nothing half-written stays behind; the callers write
into a staging folder that is removed on failure).

Workers need allocator installed (the same version) and must see the same files as the client:
the scenario, its data and the output folder (a shared file system or object store mount).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import Any, TypeVar

from allocator.errors import AllocatorError, InputOutputError, UserError, cut, in_a_row

T = TypeVar("T")
CONNECT_SECONDS_VARIABLE = "ALLOCATOR_DASK_CONNECT_SECONDS"
"""Environment variable: how long to wait for the scheduler before giving up (default 10 s)."""


def connect_seconds() -> float:
    """The wait for the scheduler, from the environment; UserError if it is not a number of
    seconds."""
    text = os.environ.get(CONNECT_SECONDS_VARIABLE, "10")
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= 86_400:
        raise UserError.said("connect_seconds", variable=CONNECT_SECONDS_VARIABLE,
                             text=cut(repr(text)))
    return seconds


class ClusterError(AllocatorError):
    """The cluster failed under a run (a worker died, the scheduler went away). Exit code 1."""

    exit_code = 1


@contextmanager
def connected(address: str) -> Iterator[Any]:
    """A client of the scheduler at `address`, closed afterwards."""
    from distributed import Client

    try:
        client = Client(address, timeout=connect_seconds(), set_as_default=False)
    except (ValueError, TypeError) as exc:
        raise UserError.said("not_scheduler_address", address=address, reason=exc) from None
    except (OSError, TimeoutError) as exc:
        raise InputOutputError.said("scheduler_unreachable", address=address,
                                    reason=exc) from None
    try:
        yield client
    finally:
        client.close()


def threads(client: Any) -> int:
    """How many tasks the cluster runs at once."""
    return max(sum(client.nthreads().values()), 1)


def map_on_cluster(client: Any, function: Callable[[T], Any], items: Sequence[T],
                   what: str) -> list[Any]:
    """function(item) for every item on the cluster, results in order; a worker lost on the
    way fails the whole call with a clear message."""
    futures = client.map(function, list(items), pure=False)
    try:
        with lost_workers(what):
            return list(client.gather(futures))
    finally:
        client.cancel(futures)


@contextmanager
def lost_workers(what: str) -> Iterator[None]:
    """A worker or the scheduler lost inside the block fails it with a clear message."""
    from distributed import KilledWorker

    try:
        yield
    except KilledWorker as exc:
        raise ClusterError.said("worker_died", what=what, reason=exc) from None
    except (OSError, TimeoutError, CancelledError) as exc:
        raise ClusterError.said("cluster_lost", what=what,
                                reason=exc or type(exc).__name__) from None


class OnCluster:
    """Runs parts' work on the cluster: handles are futures, so a part's data and its plans
    stay on the worker that holds them; only what is gathered travels. A worker that leaves
    fails the run (Dask could rebuild its parts elsewhere, but a planning team should know
    the cluster lost a machine rather than wait on a silent re-read)."""

    def __init__(self, client: Any, what: str) -> None:
        self.client, self.what = client, what
        self.workers = set(client.nthreads())

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(function, *args, pure=False)

    def gather(self, handles: list[Any]) -> list[Any]:
        with lost_workers(self.what):
            values = list(self.client.gather(handles))
            gone = self.workers - set(self.client.nthreads())
        if gone:
            raise ClusterError.said("workers_left", what=self.what,
                                    workers=in_a_row(sorted(gone)))
        return values
