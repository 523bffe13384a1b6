"""Demo data of the duplicates area (called by demo.py)."""


def build(*, seed: int, say) -> str:
    return ""
