"""The customer book: reading, validating and generating customers, RMs and offers."""

from allocator.book.book import Book, load_book
from allocator.book.generator import generate_book, write_book

__all__ = ["Book", "generate_book", "load_book", "write_book"]
