"""Django admin: read-only views of 政务服务. Changes go through the app's pages and services (the
draft → review → published flow, shared elements with guide regeneration, the case workflow, 好差评)."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import Bundle, Case, GuideChange, Item, ItemVersion, Rating, Rectification, ServiceHall


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("name", "type", "unit", "status", "published_version", "promised_days", "statutory_days")
    list_filter = ("type", "status", "kind")
    search_fields = ("name", "implementation_code")


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdmin):
    list_display = ("item", "number", "published_at")


@admin.register(GuideChange)
class GuideChangeAdmin(ReadOnlyAdmin):
    list_display = ("item", "cause", "created_at")


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ("name", "key")


@admin.register(ServiceHall)
class ServiceHallAdmin(ReadOnlyAdmin):
    list_display = ("unit", "district", "address")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "hall", "channel", "submitted_at")
    list_filter = ("status", "channel")
    search_fields = ("number",)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("case", "unit", "level", "channel", "rated_at")


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ("rating", "unit", "status", "verify_due", "rectify_due")
