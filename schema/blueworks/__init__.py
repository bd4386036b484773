"""IBM Blueworks Live in the graph: the caller's work instances and their tasks."""
