"""The xandr upstream: settings, client, payloads, loaders and simulator."""
