"""Demo data of the places area (called by demo.py)."""


def build(*, seed: int, say) -> str:
    return ""
