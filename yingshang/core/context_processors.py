from .modules import navigation_for
from .permissions import can_see_personal_data


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "can_see_personal_data": False}
    from .notifications import unread_count

    return {
        "navigation": navigation_for(user, request.path),
        "can_see_personal_data": can_see_personal_data(user),
        "unread_count": unread_count(user),
    }
