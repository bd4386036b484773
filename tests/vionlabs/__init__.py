"""Tests of the Vionlabs catalog tasks source."""
