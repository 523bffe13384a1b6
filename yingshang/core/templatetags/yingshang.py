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


# --- plain Chinese for recorded codes (core/readable.py) -------------------------------------------


@register.filter
def action_label(action: str) -> str:
    """An audit action by its Chinese label: 「诉求·办结」, 「诉求通报·生成」."""
    from yingshang.core.readable import action_label as label

    return label(action or "")


@register.filter
def audit_actor(entry) -> str:
    """Who acted, by the name people know them by (the login name is kept in the entry and shown on hover)."""
    from yingshang.core.readable import actor_label

    return actor_label(entry.actor_id, entry.actor_name)


@register.filter
def audit_object(entry) -> str:
    """What an audit entry changed, by its name (never 「Model object (2)」)."""
    from yingshang.core.readable import object_label

    return object_label(entry.object_type, entry.object_id, entry.object_repr)


@register.filter
def audit_changes(entry):
    """An audit entry's snapshots as changes (field, before, after), in words."""
    from yingshang.core.readable import readable_changes

    return readable_changes(entry.object_type, entry.before, entry.after)


@register.filter
def job_kind_label(kind: str) -> str:
    from yingshang.core.readable import job_kind_label as label

    return label(kind or "")
