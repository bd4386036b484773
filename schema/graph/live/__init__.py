"""Live subscriptions in the graph: what the shared pollers read, and the events they deliver."""
