from django.urls import path

from maillage.web.views import (
    accompaniment,
    account,
    accounts,
    booking,
    cheques,
    coverage,
    diagnostic,
    home,
    mediation,
    members,
    organisations,
    places,
    programme,
    programme_feeds,
    team,
    territory,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("communes/recherche/", territory.commune_search, name="commune-search"),
    path("lieux/", places.place_list, name="places"),
    path("lieux/<int:pk>/", places.place_detail, name="place"),
    path("acteurs/", organisations.organisation_list, name="organisations"),
    path("acteurs/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path("territoire/couverture/", coverage.coverage_page, name="coverage"),
    path("territoire/<str:code>/", territory.commune_detail, name="commune"),
    path("reserver/<int:pk>/", booking.resource_book, name="resource-book"),
    path("reservation/<str:token>/", booking.booking_detail, name="booking"),
    path("reservation/<str:token>/agenda.ics", booking.booking_ics, name="booking-ics"),
    path("calendrier/ressource/<int:pk>.ics", booking.resource_calendar, name="resource-calendar"),
    path("calendrier/lieu/<int:pk>.ics", booking.place_calendar, name="place-calendar"),
    path("calendrier/moi/<str:signed>.ics", booking.my_calendar, name="my-calendar"),
    path("programme/agenda.ics", programme_feeds.programme_calendar, name="programme-calendar"),
    path(
        "programme/categorie/<slug:slug>/agenda.ics",
        programme_feeds.programme_category_calendar,
        name="programme-category-calendar",
    ),
    path(
        "programme/lieu/<int:pk>/agenda.ics",
        programme_feeds.programme_place_calendar,
        name="programme-place-calendar",
    ),
    path("mes-reservations/", booking.my_bookings, name="my-bookings"),
    path("equipe/reservations/", booking.staff_bookings, name="staff-bookings"),
    path("equipe/usage/", booking.usage, name="usage"),
    path("equipe/rendez-vous/", booking.appointment_slots, name="appointment-slots"),
    path("programme/", programme.programme, name="programme"),
    path("programme/<int:pk>/", programme.event_detail, name="event"),
    path("inscription/<str:token>/", programme.registration_detail, name="registration"),
    path("inscription/<str:token>/agenda.ics", programme.registration_ics, name="registration-ics"),
    path("equipe/programme/", programme.staff_programme, name="staff-programme"),
    path("equipe/programme/seance/<int:pk>/", programme.session_checkin, name="session-checkin"),
    path("connexion/", accounts.LoginView.as_view(), name="login"),
    path("deconnexion/", accounts.LogoutView.as_view(), name="logout"),
]

# Each capability's pages, listed in its own view module.
for module in (team, members, account, mediation, diagnostic, accompaniment, cheques):
    urlpatterns += module.urlpatterns
