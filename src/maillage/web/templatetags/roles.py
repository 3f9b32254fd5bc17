"""Template filters asking what a person's roles open to them (the navigation)."""

from django import template

from maillage.core.permissions import is_staff_member

register = template.Library()


@register.filter
def is_team(user) -> bool:
    return is_staff_member(user)
