from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yingshang.plans"
    label = "plans"
    verbose_name = _("行动方案督办")
