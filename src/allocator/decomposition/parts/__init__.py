"""A book in parts (the files of a partitioned customer table): each part read, tiered, valued,
priced and repaired where its runner puts it (this process or a Dask worker); the multiplier
search runs on what the parts send back; the run folder is written part by part."""
