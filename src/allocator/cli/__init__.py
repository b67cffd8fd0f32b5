"""The `allocate` command line.

A signal while the program starts, before any command has put its own handling in place, is
said and ends the program with 143 (SIGTERM) or 130 (SIGINT): see allocator.starting, the
first module the package loads."""
