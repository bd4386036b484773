"""GraphQL aggregation gateway over five operational-work REST APIs."""
