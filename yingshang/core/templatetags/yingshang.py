from django import template

from ..permissions import mask_id_number, mask_name, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, value, kind="phone"):
    """Personal data in full for roles that need it, masked for everyone else."""
    if context.get("can_see_personal_data"):
        return value or ""
    return {"phone": mask_phone, "id": mask_id_number, "name": mask_name}[kind](value or "")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination, filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
