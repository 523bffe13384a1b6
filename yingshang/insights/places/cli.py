"""Subcommands of the places area: `yingshang insights places --rebuild | --cluster [--days 90]`."""

from __future__ import annotations

from django.core.management.base import CommandError


def register(subparsers) -> None:
    """Add this area's subparsers."""
    parser = subparsers.add_parser("places", help="一地多诉:重建地点(--rebuild)、计算聚集区域(--cluster)")
    parser.add_argument("--rebuild", action="store_true", help="重新归一化全部诉求地址并重建地点与关联")
    parser.add_argument("--cluster", action="store_true", help="按标签与地点计算聚集区域")
    parser.add_argument("--days", type=int, default=90, help="聚集的时间窗口(天),默认 90")
    parser.add_argument("--radius", type=float, default=300, help="有坐标时的聚类半径(米),默认 300")
    parser.add_argument("--min-appeals", type=int, default=3, help="成为聚集的最少诉求数,默认 3")
    parser.add_argument("--label-depth", type=int, default=2, help="按第几级标签聚集(0=末级),默认 2")
    parser.set_defaults(handler=run)


def run(command, *, rebuild: bool, cluster: bool, days: int, radius: float, min_appeals: int, label_depth: int, **options) -> None:
    from .services import cluster_places, rebuild_places

    if not (rebuild or cluster):
        raise CommandError("请指定 --rebuild(重建地点)或 --cluster(计算聚集区域),可同时指定")
    if rebuild:
        command.stdout.write(rebuild_places().line())
    if cluster:
        try:
            summary = cluster_places(days=days, radius_m=radius, min_appeals=min_appeals, label_depth=label_depth)
        except ValueError as error:
            raise CommandError(str(error)) from error
        command.stdout.write(summary.line())
