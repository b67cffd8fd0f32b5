"""Report tables (pure builders) and writers."""
