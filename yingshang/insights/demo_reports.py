"""Demo data of the reports area (called by demo.py)."""


def build(*, seed: int, say) -> str:
    return ""
