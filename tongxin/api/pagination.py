"""`?page=` and `?page_size=` (capped at MAX_PAGE_SIZE) for every list."""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.api.errors import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGE_OUT_OF_RANGE = _("页码超出范围（共 {pages} 页）。")


def paginate(queryset: QuerySet, *, page: int, page_size: int, serialize) -> dict:
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    paginator = Paginator(queryset, size)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise ApiError(
            404, PAGE_OUT_OF_RANGE.format(pages=paginator.num_pages), code="page_out_of_range"
        ) from None
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": size,
        "num_pages": paginator.num_pages,
        "results": [serialize(obj) for obj in current.object_list],
    }
