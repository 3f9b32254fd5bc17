from django.contrib import admin

from maillage.core.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "verb", "target_label", "actor")
    list_filter = ("verb", "target_type")
    search_fields = ("verb", "target_label")
    date_hierarchy = "occurred_at"
    readonly_fields = [field.name for field in Activity._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
