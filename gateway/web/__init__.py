"""GraphQL over HTTP (the spec's current draft), owned in one place.

- `body`: the request body read once, bounded while it is read (413) and on a deadline.
- `requests`: GET parameters and JSON bodies into operations; bad bodies are 400s, never 500s.
- `negotiation`: `application/graphql-response+json` or `application/json`, and status codes.
- `documents`: automatic persisted queries and the trusted documents manifest.
- `router`: the `/graphql` endpoint tying them together around `schema.execute`.

Every refusal is a GraphQL JSON body with `extensions.code` (`refusals`).
"""
