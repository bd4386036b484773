"""The embedded sandbox: one simulator per upstream, plus the kit they share.

The kit (world, clock, faults, responses) imports nothing else of the gateway, and neither do
the simulators beyond this kit: they describe the upstreams as the references do, so the
gateway's clients are tested against an independent reading of the contract.
"""
