"""Reads of the insights app, one module per area (duplicates, places, warnings, reports, cockpit)."""
