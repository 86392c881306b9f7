"""Placeholder (pyhost): the real module comes from helper pyemit."""
