"""Xandr in the graph: inventory lists and their items."""
