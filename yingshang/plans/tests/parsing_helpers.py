"""What the parsing-convention tests read from a parsed plan: its items by number path, and unit mentions by name."""

from yingshang.plans.parsing import iter_items, parse_plan


def items_by_path(text: str, **kwargs) -> dict:
    return {tuple(item["path"]): item for item in iter_items(parse_plan(text, **kwargs))}


def mention_names(records: list[dict]) -> list[str]:
    return [record["mention"] for record in records]
