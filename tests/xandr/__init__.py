"""Tests of the Xandr inventory-list source."""
