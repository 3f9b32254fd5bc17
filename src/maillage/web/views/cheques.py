"""Pages of the pass numérique cheques.

- `/equipe/pass-numerique/`: the team's totals per funder, campaign, prescriber, place and
  month (the hub sees everything; a place manager or a mediator the cheques redeemed where
  they redeem), with CSV/XLSX exports.
- `/pass-numerique/cheque/`: look a cheque up by its printed number (a cheque the person may
  not see is answered as unknown: 404); its page shows its state and history, the redeem form to whoever may redeem it (at one of their places) and
  the hand form to its prescriber.
- `/equipe/pass-numerique/carnets/`: the coordination creates campaigns and gives books to
  prescribers; `/equipe/pass-numerique/remboursements/`: it pays places back by batch.
- `/espace-prescripteur/cheques/`: the people acting for a prescriber see its books and
  record the cheques they hand to people.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.cheques import numbers, selectors, services
from maillage.cheques.models import AgeBand, Campaign, Cheque, ChequeBook
from maillage.cheques.rules import may_redeem_at
from maillage.core.permissions import can, runs_the_hub
from maillage.core.spreadsheets import FORMATS, table_response
from maillage.directory.models import Organisation, Place
from maillage.territory.models import Commune
from maillage.territory.selectors import commune_search
from maillage.web.access import hub_required, staff_required
from maillage.web.refusals import form_add_refusal

NUMBER_ERRORS = {
    "empty": gettext_lazy("Indiquez le numéro imprimé sur le chèque."),
    "not_digits": gettext_lazy(
        "Un numéro de chèque ne contient que des chiffres (les espaces sont acceptés)."
    ),
    "length": gettext_lazy("Un numéro de chèque compte 10 chiffres."),
    "check_digit": gettext_lazy(
        "Ce numéro n'existe pas : vérifiez chaque chiffre (une faute de frappe ?)."
    ),
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- looking a cheque up -----------------------------------------------------------------


class LookupForm(forms.Form):
    numero = forms.CharField(
        label=gettext_lazy("Numéro du chèque"),
        max_length=40,
        help_text=gettext_lazy("Les 10 chiffres imprimés sur le chèque, avec ou sans espaces."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_numero(self) -> str:
        try:
            return numbers.parse(self.cleaned_data["numero"])
        except numbers.NumberError as error:
            raise forms.ValidationError(NUMBER_ERRORS[error.reason]) from None


@login_required
def cheque_lookup(request: HttpRequest) -> HttpResponse:
    """A number typed (or read) from a cheque → the cheque's page."""
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        cheque = selectors.cheque_get(number=form.cleaned_data["numero"])
        if cheque is not None and can(request.user, "view", cheque):
            return redirect("web:cheque", number=cheque.number)
        form.add_error(
            "numero", _("Aucun chèque ne porte ce numéro parmi ceux que vous pouvez consulter.")
        )
    return render(request, "pages/cheques_lookup.html", {"form": form})


# --- one cheque: state, history, redeem, hand ----------------------------------------------


class RedeemForm(forms.Form):
    place = forms.TypedChoiceField(label=gettext_lazy("Lieu d'encaissement"), coerce=int)
    date = forms.DateField(label=gettext_lazy("Date de la séance"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Note (facultatif)"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Le thème de la séance, par exemple. Jamais le nom de la personne."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "encaisser"
        self.fields["place"].choices = [(place.pk, place.nom) for place in places]
        if places:
            self.fields["place"].initial = places[0].pk
        self.fields["date"].initial = timezone.localdate()


class HandForm(forms.Form):
    handed_on = forms.DateField(label=gettext_lazy("Remis le"), widget=DATE)
    age_band = forms.ChoiceField(
        label=gettext_lazy("Tranche d'âge de la personne (facultatif)"),
        required=False,
        choices=[("", gettext_lazy("Non renseignée")), *AgeBand.choices],
    )
    commune = forms.CharField(
        label=gettext_lazy("Commune de résidence (facultatif)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Le nom ou le code postal. Jamais le nom de la personne."),
    )

    def __init__(self, *args, cheques=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "remettre"
        self.fields["handed_on"].initial = timezone.localdate()
        if cheques is not None:
            by_prescriber: dict[str, list] = {}
            for c in cheques:
                by_prescriber.setdefault(str(c.book.prescriber), []).append(
                    (c.pk, c.printed_number)
                )
            self.fields["cheque"] = forms.TypedChoiceField(
                label=gettext_lazy("Chèque"),
                coerce=int,
                choices=list(by_prescriber.items()),
            )
            self.order_fields(["cheque", "handed_on", "age_band", "commune"])

    def clean_commune(self) -> Commune | None:
        text = self.cleaned_data["commune"].strip()
        if not text:
            return None
        # An INSEE code, else a name or a postcode (the most populated commune having it).
        found = Commune.objects.filter(code=text).first() or commune_search(query=text).first()
        if found is None:
            raise forms.ValidationError(_("Commune introuvable : essayez son code postal."))
        return found


def _cheque_or_404(user, number: str) -> Cheque:
    """The cheque, if `user` may see it. Numbers are sequential: a cheque they may not see
    is answered as one that does not exist, so that trying numbers reveals nothing."""
    cheque = selectors.cheque_get(number=number)
    if cheque is None or not can(user, "view", cheque):
        raise Http404(_("Aucun chèque ne porte ce numéro parmi ceux que vous pouvez consulter."))
    return cheque


def _forbid_place(user, place_id: str) -> None:
    """A 403 when the place posted is one where `user` may not redeem (an unknown id is
    left to the form, which says it is not a valid choice)."""
    place = Place.objects.filter(pk=int(place_id)).first() if place_id.isdigit() else None
    if place is not None and not may_redeem_at(user, place):
        raise PermissionDenied(
            _("Vous ne pouvez pas encaisser de chèque à %(place)s.") % {"place": place}
        )


@login_required
def cheque_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = request.user
    cheque = _cheque_or_404(user, number)
    today = timezone.localdate()
    places = list(selectors.places_to_redeem(user=user, cheque=cheque))
    may_redeem = user.has_perm("cheques.redeem_cheque") and bool(places)
    may_hand = can(user, "hand", cheque)
    redeem_form = RedeemForm(places=places) if may_redeem else None
    hand_form = HandForm() if may_hand else None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "redeem":
        if not user.has_perm("cheques.redeem_cheque"):
            raise PermissionDenied(_("Seule l'équipe des lieux encaisse les chèques."))
        _forbid_place(user, request.POST.get("encaisser-place", ""))
        redeem_form = RedeemForm(request.POST, places=places)
        if redeem_form.is_valid():
            data = redeem_form.cleaned_data
            try:
                services.cheque_redeem(
                    cheque=cheque, place=Place.objects.get(pk=data["place"]),
                    redeemed_on=data["date"], note=data["note"], actor=user,
                )  # fmt: skip
            except services.ChequeRefused as refused:
                form_add_refusal(redeem_form, refused)
            else:
                messages.success(request, _("Chèque encaissé."))
                return redirect("web:cheque", number=cheque.number)
    elif action == "hand":
        if not may_hand:
            raise PermissionDenied(_("Seul le prescripteur de ce chèque le remet à une personne."))
        hand_form = HandForm(request.POST)
        if hand_form.is_valid():
            data = hand_form.cleaned_data
            try:
                services.cheque_hand(
                    cheque=cheque, handed_on=data["handed_on"], age_band=data["age_band"],
                    commune=data["commune"], actor=user,
                )  # fmt: skip
            except services.ChequeRefused as refused:
                form_add_refusal(hand_form, refused)
            else:
                messages.success(request, _("Chèque remis : il peut être encaissé dans un lieu."))
                return redirect("web:cheque", number=cheque.number)
    cheque = _cheque_or_404(user, cheque.number)  # as it is now, after a refusal too
    redeemable = selectors.is_redeemable(cheque=cheque, on=today)
    return render(
        request,
        "pages/cheques_detail.html",
        {
            "cheque": cheque,
            "campaign": cheque.book.campaign,
            "history": selectors.cheque_history(cheque=cheque),
            "redeemable": redeemable,
            "expired": today > cheque.book.campaign.valid_until,
            # Once the cheque cannot move any more, its state's notice says why: no form.
            "redeem_form": redeem_form if redeemable else None,
            "hand_form": hand_form if redeemable and cheque.state == Cheque.State.ISSUED else None,
            "staff_without_place": user.has_perm("cheques.redeem_cheque") and not places,
        },
    )


# --- the team's totals and exports -----------------------------------------------------------


def _amount(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


TOTALS_HEADER = [
    gettext_lazy("Nom"), gettext_lazy("Chèques"), gettext_lazy("En stock"),
    gettext_lazy("Chez le prescripteur"), gettext_lazy("Remis"), gettext_lazy("Encaissés"),
    gettext_lazy("Remboursés"), gettext_lazy("Annulés"), gettext_lazy("Expirés"),
    gettext_lazy("Montant encaissé (€)"), gettext_lazy("dont remboursé (€)"),
]  # fmt: skip


def _totals_rows(rows: list[selectors.Totals]) -> list[list]:
    return [
        [row.label, row.count, *(row.counts[s] for s in selectors.STATES),
         _amount(row.spent_amount), _amount(row.amounts["reimbursed"])]
        for row in rows
    ]  # fmt: skip


def _export(table: str, fmt: str, cheques) -> HttpResponse:
    if table == "cheques":
        header = [
            _("Numéro"), _("État"), _("Campagne"), _("Financeur"), _("Valeur (€)"),
            _("Prescripteur"), _("Remis au prescripteur le"), _("Remis à la personne le"),
            _("Tranche d'âge"), _("Commune"), _("Encaissé le"), _("Lieu"), _("Remboursé le"),
            _("Référence du remboursement"),
        ]  # fmt: skip
        rows = (
            [
                c.number, c.get_state_display(), str(c.book.campaign), c.book.campaign.funder.name,
                c.book.campaign.face_value, c.book.prescriber.name if c.book.prescriber else "",
                c.issued_on, c.handed_on, c.get_age_band_display() if c.age_band else "",
                c.commune.nom if c.commune else "", c.redeemed_on,
                c.redeemed_at.nom if c.redeemed_at else "",
                c.reimbursement.reimbursed_on if c.reimbursement else None,
                c.reimbursement.reference if c.reimbursement else "",
            ]
            for c in cheques.select_related(
                "book__campaign__funder", "book__prescriber", "commune", "redeemed_at",
                "reimbursement",
            ).order_by("serial")
        )  # fmt: skip
        return table_response(filename="pass-numerique-cheques", fmt=fmt, header=header, rows=rows)
    if table == "mois":
        header = [_("Mois"), _("Remis aux prescripteurs"), _("Remis aux personnes"),
                  _("Encaissés"), _("Remboursés"), _("Montant encaissé (€)")]  # fmt: skip
        rows = [
            [m.month.strftime("%Y-%m"), m.issued, m.handed, m.redeemed, m.reimbursed,
             _amount(m.redeemed_amount)]
            for m in selectors.totals_by_month(cheques=cheques)
        ]  # fmt: skip
        return table_response(filename="pass-numerique-mois", fmt=fmt, header=header, rows=rows)
    group = EXPORT_GROUPS[table]
    return table_response(
        filename=f"pass-numerique-{table}",
        fmt=fmt,
        header=[str(h) for h in TOTALS_HEADER],
        rows=_totals_rows(selectors.totals_by(group=group, cheques=cheques)),
    )


EXPORT_GROUPS = {
    "financeurs": "funder",
    "campagnes": "campaign",
    "prescripteurs": "prescriber",
    "lieux": "place",
}
EXPORT_TABLES = (*EXPORT_GROUPS, "mois", "cheques")


@staff_required
def cheques_staff(request: HttpRequest) -> HttpResponse:
    """Totals per funder, campaign, prescriber, place and month; exports (`?export=…&format=`)."""
    user = request.user
    hub = runs_the_hub(user)
    cheques = selectors.cheques_seen_by(user=user)
    table, fmt = request.GET.get("export"), request.GET.get("format", "csv")
    if table is not None:
        if table not in EXPORT_TABLES or fmt not in FORMATS:
            raise Http404(_("Cet export n'existe pas."))
        if not hub and table in ("financeurs", "campagnes", "prescripteurs"):
            raise PermissionDenied(_("Cet export est réservé à la coordination du pôle."))
        return _export(table, fmt, cheques)
    tables = [
        ("lieux", _("Par lieu d'encaissement"), selectors.totals_by(group="place", cheques=cheques))
    ]
    if hub:
        tables = [
            ("financeurs", _("Par financeur"), selectors.totals_by(group="funder")),
            ("campagnes", _("Par campagne"), selectors.totals_by(group="campaign")),
            ("prescripteurs", _("Par prescripteur"), selectors.totals_by(group="prescriber")),
            *tables,
        ]
    months = selectors.totals_by_month(cheques=cheques)
    return render(
        request,
        "pages/cheques_staff.html",
        {
            "hub": hub,
            "overall": selectors.totals_overall(cheques=cheques),
            "tables": tables,
            "months": months[-24:],
            "recent": selectors.recent_redemptions(cheques=cheques),
            "lookup_form": LookupForm(),
            "formats": FORMATS,
        },
    )


# --- the coordination: campaigns, books, reimbursements --------------------------------------


def _organisations():
    return Organisation.objects.order_by("name")


class CampaignForm(forms.Form):
    funder = forms.ModelChoiceField(label=gettext_lazy("Financeur"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Nom de la campagne"),
        max_length=150,
        initial=gettext_lazy("Pass numérique"),
    )
    year = forms.IntegerField(label=gettext_lazy("Année"), min_value=2000, max_value=2100)
    face_value = forms.DecimalField(
        label=gettext_lazy("Valeur d'un chèque (€)"), min_value=Decimal("0.01"),
        max_digits=6, decimal_places=2, initial=Decimal(10),
    )  # fmt: skip
    valid_until = forms.DateField(label=gettext_lazy("Valable jusqu'au"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "campagne"
        self.fields["funder"].queryset = _organisations()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["valid_until"].initial = dt.date(today.year + 1, 12, 31)


class IssueForm(forms.Form):
    campaign = forms.ModelChoiceField(label=gettext_lazy("Campagne"), queryset=None)
    prescriber = forms.ModelChoiceField(
        label=gettext_lazy("Prescripteur"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Aucun : garder en stock"),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Nombre de carnets"), min_value=1, max_value=services.MAX_BOOKS,
        initial=1,
    )  # fmt: skip
    size = forms.IntegerField(
        label=gettext_lazy("Chèques par carnet"), min_value=1, max_value=services.MAX_BOOK_SIZE,
        initial=10,
    )  # fmt: skip
    issued_on = forms.DateField(label=gettext_lazy("Remis le"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "carnets"
        campaigns = Campaign.objects.select_related("funder")
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].initial = campaigns.values_list("pk", flat=True).first()
        self.fields["prescriber"].queryset = _organisations()
        self.fields["issued_on"].initial = timezone.localdate()


class StockIssueForm(forms.Form):
    book = forms.ModelChoiceField(label=gettext_lazy("Carnet en stock"), queryset=None)
    prescriber = forms.ModelChoiceField(label=gettext_lazy("Prescripteur"), queryset=None)
    issued_on = forms.DateField(label=gettext_lazy("Remis le"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "stock"
        self.fields["book"].queryset = ChequeBook.objects.filter(
            prescriber__isnull=True
        ).select_related("campaign")
        self.fields["prescriber"].queryset = _organisations()
        self.fields["issued_on"].initial = timezone.localdate()


@hub_required
def cheque_books(request: HttpRequest) -> HttpResponse:
    """Create a campaign; make books and give them to a prescriber (or keep them in stock)."""
    action = request.POST.get("action") if request.method == "POST" else None
    campaign_form = CampaignForm(request.POST if action == "campaign" else None)
    issue_form = IssueForm(request.POST if action == "issue" else None)
    stock_form = StockIssueForm(request.POST if action == "stock" else None)
    user = request.user
    try:
        if action == "campaign" and campaign_form.is_valid():
            data = campaign_form.cleaned_data
            campaign = services.campaign_create(
                funder=data["funder"], name=data["name"], year=data["year"],
                face_value=data["face_value"], valid_until=data["valid_until"], actor=user,
            )  # fmt: skip
            messages.success(
                request,
                _("Campagne « %(campaign)s » créée : ses chèques commenceront par %(code)s.")
                % {"campaign": campaign, "code": f"{campaign.code:03d}"},
            )
            return redirect("web:cheque-books")
        if action == "issue" and issue_form.is_valid():
            data = issue_form.cleaned_data
            if data["prescriber"] is None:
                books = services.books_create(
                    campaign=data["campaign"], count=data["count"], size=data["size"], actor=user
                )
            else:
                books = services.books_issue(
                    campaign=data["campaign"], prescriber=data["prescriber"],
                    count=data["count"], size=data["size"], issued_on=data["issued_on"],
                    actor=user,
                )  # fmt: skip
            messages.success(
                request,
                _("%(count)s carnet(s) créé(s), du chèque %(first)s au chèque %(last)s.")
                % {"count": len(books), "first": numbers.printed(books[0].first_number),
                   "last": numbers.printed(books[-1].last_number)},
            )  # fmt: skip
            return redirect("web:cheque-books")
        if action == "stock" and stock_form.is_valid():
            data = stock_form.cleaned_data
            book = services.book_issue(
                book=data["book"], prescriber=data["prescriber"], issued_on=data["issued_on"],
                actor=user,
            )  # fmt: skip
            messages.success(
                request,
                _("%(book)s remis à %(prescriber)s.")
                % {"book": book, "prescriber": book.prescriber},
            )
            return redirect("web:cheque-books")
    except services.ChequeRefused as refused:
        form = {"campaign": campaign_form, "issue": issue_form, "stock": stock_form}[action]
        form_add_refusal(form, refused)
    books = ChequeBook.objects.select_related("campaign", "prescriber").order_by(
        "-created_at", "-first_serial"
    )[:50]
    return render(
        request,
        "pages/cheques_books.html",
        {
            "campaigns": selectors.campaigns_with_stock(),
            "books": books,
            "campaign_form": campaign_form,
            "issue_form": issue_form,
            "stock_form": stock_form,
            "has_campaigns": Campaign.objects.exists(),
        },
    )


class ReimburseForm(forms.Form):
    place = forms.IntegerField(widget=forms.HiddenInput)
    reimbursed_on = forms.DateField(label=gettext_lazy("Remboursé le"), widget=DATE)
    reference = forms.CharField(
        label=gettext_lazy("Référence du paiement"),
        max_length=100,
        help_text=gettext_lazy("Le numéro du virement ou du mandat."),
    )

    def __init__(self, *args, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"lieu{place.pk}"
        self.fields["place"].initial = place.pk
        self.fields["reimbursed_on"].initial = timezone.localdate()


@hub_required
def cheque_reimbursements(request: HttpRequest) -> HttpResponse:
    """The places holding redeemed cheques, a form each to record their reimbursement, and
    the batches already paid (each exported as a statement: `?lot=<id>&format=csv`)."""
    batch_id = request.GET.get("lot", "")
    if batch_id:
        batch = selectors.reimbursement_get(pk=int(batch_id)) if batch_id.isdigit() else None
        fmt = request.GET.get("format", "csv")
        if batch is None or fmt not in FORMATS:
            raise Http404(_("Ce lot de remboursement n'existe pas."))
        return _export("cheques", fmt, batch.cheques.all())
    posted = request.POST.get("place", "") if request.method == "POST" else ""
    rows = []
    for entry in selectors.places_to_reimburse():
        bound = posted == str(entry.place.pk)
        form = ReimburseForm(request.POST if bound else None, place=entry.place)
        if bound and form.is_valid():
            data = form.cleaned_data
            try:
                batch = services.cheques_reimburse(
                    place=entry.place, reimbursed_on=data["reimbursed_on"],
                    reference=data["reference"], actor=request.user,
                )  # fmt: skip
            except services.ChequeRefused as refused:
                form_add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _("%(count)s chèque(s) remboursé(s) à %(place)s : %(amount)s €.")
                    % {"count": batch.cheque_count, "place": entry.place, "amount": batch.amount},
                )
                return redirect("web:cheque-reimbursements")
        rows.append({"entry": entry, "form": form})
    if posted and not any(str(row["entry"].place.pk) == posted for row in rows):
        messages.error(request, _("Ce lieu n'a aucun chèque encaissé à rembourser."))
        return redirect("web:cheque-reimbursements")
    return render(
        request,
        "pages/cheques_reimbursements.html",
        {"rows": rows, "batches": selectors.reimbursements_recent()},
    )


# --- the prescribers' space ----------------------------------------------------------------


@login_required
def prescriber_cheques(request: HttpRequest) -> HttpResponse:
    """The books of the organisations the person acts for; record a cheque handed."""
    user = request.user
    to_hand = list(selectors.cheques_to_hand(user=user))
    form = HandForm(request.POST or None, cheques=to_hand) if to_hand else None
    if request.method == "POST":
        posted = request.POST.get("remettre-cheque", "")
        cheque = Cheque.objects.filter(pk=int(posted)).first() if posted.isdigit() else None
        if cheque is not None and not can(user, "hand", cheque):
            raise PermissionDenied(_("Ce chèque n'est pas dans un carnet de votre organisation."))
        if form is None:
            messages.error(request, _("Aucun chèque à remettre."))
            return redirect("web:prescriber-cheques")
        if form.is_valid():
            data = form.cleaned_data
            try:
                cheque = services.cheque_hand(
                    cheque=cheque, handed_on=data["handed_on"], age_band=data["age_band"],
                    commune=data["commune"], actor=user,
                )  # fmt: skip
            except services.ChequeRefused as refused:
                form_add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _("Chèque %(number)s remis : la personne peut le présenter dans un lieu "
                      "qualifié.") % {"number": cheque.printed_number},
                )  # fmt: skip
                return redirect("web:prescriber-cheques")
    return render(
        request,
        "pages/cheques_prescriber.html",
        {
            "organisations": selectors.books_of(user=user),
            "form": form,
            "cheques": selectors.cheques_of_prescribers(user=user),
            "lookup_url": reverse("web:cheque-lookup"),
        },
    )


urlpatterns = [
    path("equipe/pass-numerique/", cheques_staff, name="cheques"),
    path("equipe/pass-numerique/carnets/", cheque_books, name="cheque-books"),
    path(
        "equipe/pass-numerique/remboursements/",
        cheque_reimbursements,
        name="cheque-reimbursements",
    ),
    path("pass-numerique/cheque/", cheque_lookup, name="cheque-lookup"),
    path("pass-numerique/cheque/<str:number>/", cheque_detail, name="cheque"),
    path("espace-prescripteur/cheques/", prescriber_cheques, name="prescriber-cheques"),
]
