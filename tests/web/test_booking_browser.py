"""Booking in a browser, on a 360 px phone, without an account: a desk in three clicks
(a free slot of a coming day, name and e-mail, confirm), its page and its `.ics`; a visio
appointment and its Jitsi link; cancelling from the booking's page. Each page is checked
with axe-core and must fit the screen.

The place opens every day 08:00-20:00 and the slot is taken on a day after today (the next
week when this one has none left), so the tests hold whatever day and hour they run."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.utils import timezone

from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource
from maillage.booking.services import booking_create, resource_save
from tests.factories import PlaceFactory
from tests.web.conftest import screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOOKING_PAGE = re.compile(r"/reservation/[\w-]+/$")


@pytest.fixture
def place():
    return PlaceFactory(
        nom="La Fabrique numérique", adresse="2 rue des Arts", horaires="Mo-Su 08:00-20:00"
    )


@pytest.fixture
def desk(place):
    return resource_save(
        resource=Resource(place=place, name="Poste en libre accès", kind=Resource.Kind.DESK,
                          capacity=2)
    )  # fmt: skip


@pytest.fixture
def visio(place):
    return resource_save(
        resource=Resource(
            place=place, name="Rendez-vous en visio", kind=Resource.Kind.APPOINTMENT,
            is_visio=True, min_minutes=30, max_minutes=30,
        )
    )  # fmt: skip


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def slot_start(href: str) -> dt.datetime:
    """The start a slot link asks for (its `creneau`, written in local time)."""
    found = re.search(r"[?&]creneau=([^&#]+)", href)
    assert found, href
    return dt.datetime.fromisoformat(unquote(found.group(1)))


def choose_a_coming_slot(page, resource: Resource) -> dt.datetime:
    """Open the resource's booking page and click the first free slot of a day after
    today, in this week or the next ones; returns the slot's start."""
    page.goto(f"{page.base_url}/reserver/{resource.pk}/")
    today = timezone.localdate()
    for _week in range(3):
        for link in page.locator("a.slot").all():
            start = slot_start(link.get_attribute("href"))
            if start.astimezone(PARIS).date() > today:
                link.click()
                page.wait_for_url(re.compile(r"creneau="))
                return start
        page.get_by_role("link", name="Semaine suivante →").click()
        page.wait_for_load_state()
    pytest.fail(f"no free slot of {resource} in three weeks")


def assert_the_form_books(page, start: dt.datetime) -> None:
    """The form names the chosen slot and will post it: the link carried it intact."""
    title = page.locator("#form-title").inner_text()
    posted = page.locator("input[name=start]").get_attribute("value")
    assert title.endswith(f"à {start.astimezone(PARIS):%H:%M}"), (
        f"the form lost the slot: title {title!r}, hidden start {posted!r}"
    )
    assert dt.datetime.fromisoformat(posted) == start, posted


def book(page, resource: Resource, *, name: str, email: str) -> dt.datetime:
    """The three clicks: a slot, the form, the confirmation. Returns the slot's start."""
    start = choose_a_coming_slot(page, resource)
    assert_the_form_books(page, start)
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Courriel").fill(email)
    page.get_by_role("button", name="Confirmer la réservation").click()
    page.wait_for_url(BOOKING_PAGE)
    return start


def test_a_visitor_books_a_desk_in_three_clicks_and_gets_its_ics(phone, desk, mailoutbox):
    page = phone
    start = choose_a_coming_slot(page, desk)
    local = start.astimezone(PARIS)
    assert page.locator("#formulaire").is_visible()
    assert_the_form_books(page, start)
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "booking-form-360")

    page.get_by_label("Votre nom").fill("Jeanne Martin")
    page.get_by_label("Courriel").fill("jeanne@example.org")
    page.get_by_role("button", name="Confirmer la réservation").click()
    page.wait_for_url(BOOKING_PAGE)

    booking = Booking.objects.get()
    assert booking.start == start and booking.resource == desk
    assert page.url.endswith(f"/reservation/{booking.token}/")
    assert page.get_by_test_id("booking-state").inner_text() == "Confirmée"
    assert "Réservation confirmée." in page.locator(".messages").inner_text()
    facts = page.locator(".booking-facts").inner_text()
    assert "Poste en libre accès" in facts and "La Fabrique numérique" in facts
    assert f"{local:%H:%M} – {local + dt.timedelta(minutes=30):%H:%M}" in facts
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "booking-confirmed-360")
    assert [message.to for message in mailoutbox] == [["jeanne@example.org"]]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "reservation.ics"
    ics = Path(download.path()).read_bytes().decode()  # its CRLF line ends kept
    unfolded = ics.replace("\r\n ", "")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART:{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}\r\n" in unfolded
    assert "SUMMARY:Poste en libre accès – La Fabrique numérique\r\n" in unfolded


def test_a_visio_appointment_gives_its_jitsi_link(phone, visio):
    page = phone
    book(page, visio, name="Karim B.", email="karim@example.org")
    assert page.get_by_test_id("booking-state").inner_text() == "Confirmée"
    link = page.get_by_role("link", name=re.compile(r"^https:\/\/meet\.jit\.si\/"))
    assert link.is_visible()
    booking = Booking.objects.get()
    assert link.get_attribute("href") == booking.video_url
    assert booking.video_url.startswith("https://meet.jit.si/maillage-")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "booking-visio-360")


def test_a_booking_is_cancelled_from_its_page(phone, desk):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(10), tzinfo=PARIS)
    booking = booking_create(
        resource=desk, start=start, end=start + dt.timedelta(hours=1),
        guest_name="Lucie", guest_email="lucie@example.org",
    )  # fmt: skip
    page = phone
    page.goto(f"{page.base_url}/reservation/{booking.token}/")
    assert page.get_by_test_id("booking-state").inner_text() == "Confirmée"
    page.get_by_role("button", name="Annuler la réservation").click()
    page.wait_for_load_state()
    page.get_by_text("Réservation annulée.").wait_for()
    assert page.get_by_test_id("booking-state").inner_text() == "Annulée"
    assert page.get_by_role("button", name="Annuler la réservation").count() == 0
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "booking-cancelled-360")
