"""Subcommands of the reports area (see management/commands/insights.py)."""


def register(subparsers) -> None:
    """Add this area's subparsers."""
