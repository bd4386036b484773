"""The limbobeat upstream: settings, client, payloads, loaders and simulator."""
