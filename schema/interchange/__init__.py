"""Interchange storefront in the graph: work items of modular inventory sources."""
