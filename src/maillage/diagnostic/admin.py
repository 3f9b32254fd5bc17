"""Admin of the diagnostic: the hub configures skills (with their levels and what to
recommend), questions and their choices; diagnostics are read, never written, here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maillage.core.admin import WrittenByServicesAdminMixin
from maillage.diagnostic.models import Choice, Diagnostic, Level, Question, Skill, SkillResult
from maillage.directory.standard import SERVICES


class SkillForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services de lieux à recommander"),
        choices=[(value, value) for value in SERVICES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Skill
        fields = ("slug", "name", "description", "position", "categories", "services")


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ("name", "min_percent", "recommend")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    form = SkillForm
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("categories",)
    inlines = [LevelInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ("text", "points", "position")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "skill", "position", "active")
    list_filter = ("skill", "active")
    list_editable = ("position", "active")
    search_fields = ("text",)
    inlines = [ChoiceInline]


class SkillResultInline(admin.TabularInline):
    model = SkillResult
    extra = 0
    fields = ("skill", "points", "max_points", "level_name", "recommend")
    readonly_fields = fields
    can_delete = False


@admin.register(Diagnostic)
class DiagnosticAdmin(WrittenByServicesAdminMixin, admin.ModelAdmin):
    """Taken on the site or through the API; here they are read."""

    list_display = ("taken_on", "commune", "age_band", "mediator", "is_demo")
    list_filter = ("taken_on", "age_band", "is_demo")
    date_hierarchy = "taken_on"
    list_select_related = ("commune", "mediator")
    fields = ("taken_on", "commune", "age_band", "mediator", "is_demo")
    readonly_fields = fields
    inlines = [SkillResultInline]
