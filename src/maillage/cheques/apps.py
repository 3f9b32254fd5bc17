from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChequesConfig(AppConfig):
    name = "maillage.cheques"
    label = "cheques"
    verbose_name = _("Pass numérique")

    # Model rights; `cheques.rules` narrows them per object (a prescriber's own books, a
    # place manager's own places).
    role_permissions = {
        "member": {"cheques.view_cheque", "cheques.hand_cheque", "cheques.view_chequebook"},
        "mediator": {"cheques.view_cheque", "cheques.redeem_cheque"},
        "place_manager": {
            "cheques.view_cheque", "cheques.redeem_cheque", "cheques.view_reimbursement",
        },
        "coordinator": {
            "cheques.view_campaign", "cheques.add_campaign", "cheques.change_campaign",
            "cheques.view_chequebook", "cheques.add_chequebook", "cheques.change_chequebook",
            "cheques.view_cheque", "cheques.change_cheque", "cheques.hand_cheque",
            "cheques.redeem_cheque", "cheques.reimburse_cheque", "cheques.cancel_cheque",
            "cheques.view_reimbursement", "cheques.add_reimbursement",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.cheques import rules  # noqa: F401  (registers the per-object rules)
