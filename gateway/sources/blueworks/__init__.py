"""The blueworks upstream: settings, client, payloads, loaders and simulator."""
