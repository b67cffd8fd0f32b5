"""allocator: tier a bank's customer book, value the options, allocate RMs, budget and offers."""

from allocator import starting

starting.guard_start()  # first: a signal while the modules load stops the start cleanly

from allocator.errors import AllocatorError, UserError  # noqa: E402

starting.stop_if_pending()

__all__ = ["AllocatorError", "UserError", "__version__"]
__version__ = "0.1.0"
