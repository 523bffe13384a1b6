"""`yingshang insights <subcommand>`: each area of the app contributes its subcommands.

An area module (cli_<area>.py) defines ``register(subparsers)``, which adds its subparsers and sets
``handler=function(command, **options)`` on each; this command only dispatches.
"""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand

AREAS = ("duplicates", "places", "warnings", "reports")


class Command(BaseCommand):
    help = "分析研判:一事多诉、一地多诉、监测预警(simulate/evaluate/detect)、每月一题、通报(bulletin)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for area in AREAS:
            importlib.import_module(f"yingshang.insights.{area}.cli").register(sub)

    def handle(self, *args, handler, subcommand, **options):
        return handler(self, **options)
