"""The interchange upstream: settings, client, payloads, loaders and simulator."""
