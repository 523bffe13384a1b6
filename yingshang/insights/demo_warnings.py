"""Demo data of the warnings area (called by demo.py)."""


def build(*, seed: int, say) -> str:
    return ""
