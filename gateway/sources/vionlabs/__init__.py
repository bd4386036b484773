"""The vionlabs upstream: settings, client, payloads, loaders and simulator."""
