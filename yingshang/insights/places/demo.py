"""Demo data of the places area (called by demo.py): the demo city's appeals linked to their places,
then the clusters of the last 90 days. Everything derives from the appeals, so it is as reproducible
as they are (the seed is theirs) and scales with them (core.modules.demo_scale)."""

from __future__ import annotations


def build(*, seed: int, say) -> str:
    from .services import cluster_places, rebuild_places

    places = rebuild_places()
    say(places.line())
    clusters = cluster_places(days=90)
    say(clusters.line())
    return f"一地多诉:{places.places} 个地点,{clusters.clusters} 个聚集"
