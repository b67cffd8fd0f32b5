"""allocator: tier a bank's customer book, value the options, allocate RMs, budget and offers."""

from allocator.errors import AllocatorError, UserError

__all__ = ["AllocatorError", "UserError", "__version__"]
__version__ = "0.1.0"
