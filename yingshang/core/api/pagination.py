"""Page-number pagination for every list of the API: ``?page=2&page_size=50`` → ``{count, page, pages, results}``."""


from typing import Any, Callable

from django.core.paginator import Paginator
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class Rows:
    """What a list operation returns: the rows (a queryset or a list) and how one row becomes JSON.

    Pagination slices first and serialises only the page, so a list of 10^6 enterprises costs one page.
    """

    def __init__(self, rows, serialize: Callable[[Any], dict] | None = None):
        self.rows, self.serialize = rows, serialize or (lambda row: row)


class Pages(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, description="页码,从 1 开始;超过末页时返回末页")
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数")

    class Output(Schema):
        count: int
        page: int
        pages: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, items, pagination: Input, request, **params):
        listing = items if isinstance(items, Rows) else Rows(items)
        page = Paginator(listing.rows, pagination.page_size).get_page(pagination.page)
        return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
                "results": [listing.serialize(row) for row in page]}
