"""The team's home: the pages each role works in, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.permissions import STAFF_ROLES, Role, roles_of
from maillage.web.access import staff_required

STAFF = frozenset(str(role) for role in STAFF_ROLES)
HUB = frozenset({Role.COORDINATOR.value, Role.ADMIN.value})


@dataclass(frozen=True)
class TeamLink:
    url_name: str
    title: str
    description: str
    roles: frozenset[str]


# In the order a working day meets them.
TEAM_LINKS = [
    TeamLink(
        "web:mediation",
        _("Mes activités de médiation"),
        _("Enregistrer une séance en une minute, retrouver les personnes accompagnées."),
        frozenset({Role.MEDIATOR.value, Role.COORDINATOR.value, Role.ADMIN.value}),
    ),
    TeamLink(
        "web:mediation-statistics",
        _("Statistiques de médiation"),
        _(
            "Activités, personnes, heures, thèmes et communes, par mois ; exports et liens de partage."
        ),
        STAFF,
    ),
    TeamLink(
        "web:staff-bookings",
        _("Réservations"),
        _("Les réservations à venir de vos lieux : honorées, absences, annulations."),
        STAFF,
    ),
    TeamLink(
        "web:appointment-slots",
        _("Mes créneaux de rendez-vous"),
        _("Publier les heures où vous recevez, réservables sans compte."),
        STAFF,
    ),
    TeamLink(
        "web:staff-programme",
        _("Programme et présences"),
        _("Les séances des dernières et prochaines semaines, l'émargement."),
        STAFF,
    ),
    TeamLink(
        "web:diagnostic-staff",
        _("Diagnostics numériques"),
        _("Les niveaux des personnes diagnostiquées, par compétence."),
        STAFF,
    ),
    TeamLink(
        "web:accompaniments",
        _("Accompagnement des entreprises"),
        _("Les entreprises accompagnées, leurs besoins, les étapes et le temps passé."),
        STAFF,
    ),
    TeamLink(
        "web:cooperative",
        _("Coopérative"),
        _("Sociétaires par collège, capital, cotisations, bénévolat ; exports."),
        HUB,
    ),
    TeamLink(
        "web:cheques",
        _("Pass numérique"),
        _("Les chèques par financeur, prescripteur et lieu ; encaisser un chèque."),
        STAFF,
    ),
    TeamLink(
        "web:cheque-lookup",
        _("Chercher un chèque"),
        _("Par son numéro : son état, son historique, l'encaisser."),
        STAFF,
    ),
    TeamLink(
        "web:cheque-books",
        _("Carnets de chèques"),
        _("Créer une campagne, numéroter des carnets et les remettre aux prescripteurs."),
        HUB,
    ),
    TeamLink(
        "web:cheque-reimbursements",
        _("Remboursements des chèques"),
        _("Rembourser un lieu des chèques encaissés, en un lot."),
        HUB,
    ),
    TeamLink(
        "web:usage",
        _("Usage des ressources"),
        _("Taux d'occupation des salles, postes et machines, par mois."),
        STAFF,
    ),
]


def links_for(user) -> list[dict]:
    roles = roles_of(user)
    return [
        {"url": reverse(link.url_name), "title": link.title, "description": link.description}
        for link in TEAM_LINKS
        if roles & link.roles
    ]


@staff_required
def team_home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/team.html", {"links": links_for(request.user)})


urlpatterns = [path("equipe/", team_home, name="team")]
