"""Vionlabs in the graph: catalog items and their tasks."""
