from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``counts|get_item:code``: a dict value by a key held in a variable."""
    if not mapping:
        return None
    return mapping.get(key)
