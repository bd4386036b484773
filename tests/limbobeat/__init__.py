"""Tests of the limbo/Beat send-tasks source."""
