"""The embedded sandbox: one simulator per upstream, plus the kit they share.

The kit (world, clock, faults, tokens, wire helpers, the sandbox app) imports nothing else of
the gateway, and neither do the simulators beyond this kit: they describe the upstreams as the
references do, so the gateway's clients are tested against an independent reading of the
contract.

Every simulator is a package `gateway/sources/<source>/simulator/` with the same parts:
`__init__` (`create_simulator`: the upstream's path table; the demo credentials), `seed`
(deterministic data from the shared `World`), `state` (records and their lifecycle), `gate`
(what every call passes first: credentials, token issue, rate and concurrency limits),
`routes` (read handlers, query quirks, sandbox-only controls), `writes` (write handlers and
their business rules; upstreams that write) and `responses` (the upstream's envelope and
error bodies, and how faults render in them).
"""
