"""Data and style files shipped with whyl1 (the diabetes table, the matplotlib style)."""
