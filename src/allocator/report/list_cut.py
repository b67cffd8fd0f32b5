"""How many items a list cut to its first few shows."""


def shown_count(count: int, limit: int) -> int:
    """Of `count` items, how many a list cut at `limit` shows: every one where only one would
    be left out, since "(and 1 more)" takes the room of the item it hides."""
    return count if count <= limit + 1 else limit
