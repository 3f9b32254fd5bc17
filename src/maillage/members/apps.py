from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Members, mediators and place managers may act for an organisation: what they see and
# change of memberships and receipts is narrowed by members.rules to their own.
OWN_MEMBERSHIPS = {
    "members.view_membership",
    "members.change_membership",
    "members.view_duespayment",
}


class MembersConfig(AppConfig):
    name = "maillage.members"
    label = "members"
    verbose_name = _("Sociétaires et membres")

    role_permissions = {
        "member": OWN_MEMBERSHIPS,
        "mediator": OWN_MEMBERSHIPS,
        "place_manager": OWN_MEMBERSHIPS,
        "coordinator": {
            "members.view_cooperativeterms", "members.change_cooperativeterms",
            "members.view_college", "members.add_college", "members.change_college",
            "members.view_membership", "members.add_membership", "members.change_membership",
            "members.view_representative", "members.add_representative",
            "members.change_representative", "members.delete_representative",
            "members.view_sharetransaction", "members.view_shareholding",
            "members.view_duesrule", "members.add_duesrule", "members.change_duesrule",
            "members.delete_duesrule",
            "members.view_duescall", "members.add_duescall",
            "members.view_duespayment", "members.add_duespayment",
            "members.view_volunteerhours", "members.add_volunteerhours",
            "members.view_fundingline", "members.add_fundingline", "members.change_fundingline",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.members import rules  # noqa: F401  (registers the per-object rules)
