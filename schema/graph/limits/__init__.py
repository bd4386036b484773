"""Limits on what one operation may cost: its document's shape and its upstream calls.

`document` measures an operation (fragments expanded) against the document limits; `cost` holds
the cost model that fields declare where they are defined; `estimate` turns a document and its
variables into a bound on upstream calls; `extension` applies both before execution.
"""
