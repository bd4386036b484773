"""limbo/Beat in the graph: send tasks, and the products and DSPs they deliver to."""
