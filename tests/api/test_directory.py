import pytest

from maillage.accounts.tokens import api_token_create
from maillage.core.geo import haversine_km
from maillage.directory.standard import SERVICES
from maillage.members.services import NewOrganisation, membership_apply, membership_transition
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

MONTEUX = (44.0343017578, 4.99538993835)
AVIGNON = (43.9492888, 4.8055893)


def problems_of(response) -> list[dict]:
    """The problems of a 422: the values' (a list) or the rule's (one, with `rule`)."""
    assert response.status_code == 422, response.content
    body = response.json()
    if isinstance(body["detail"], str):
        return [{"field": body["field"], "msg": body["detail"], "rule": body["rule"]}]
    return body["detail"]


def test_a_place_in_the_list_has_the_standard_fields_and_its_tags(client):
    operator = OrganisationFactory(name="Ville de Monteux", kind="local_authority")
    PlaceFactory(
        nom="Médiathèque de Monteux",
        operator=operator,
        horaires="Tu-Sa 10:00-18:00",
        courriels=["mediatheque@monteux.example"],
        tags={
            "hub_kind": ["library"],
            "services": [SERVICES[1], SERVICES[0]],
            "frais_a_charge": ["Gratuit"],
        },
    )
    body = client.get("/api/v1/places", {"q": "mediatheque"}).json()
    assert body["next_cursor"] is None and body["count"] is None
    (item,) = body["items"]
    assert item["nom"] == "Médiathèque de Monteux" and item["commune"] == "84080"
    assert item["operator"] == {"id": operator.pk, "name": "Ville de Monteux"}
    assert item["kinds"] == ["library"]
    assert item["services"] == [SERVICES[1], SERVICES[0]]  # the recorded order
    assert item["frais_a_charge"] == ["Gratuit"] and item["publics_specifiquement_adresses"] == []
    assert item["courriels"] == ["mediatheque@monteux.example"]
    assert item["distance_km"] is None and item["location_exact"] is True


def test_repeated_parameters_are_alternatives_and_different_ones_all_apply(client):
    PlaceFactory(nom="Fablab", tags={"hub_kind": ["fablab"], "frais_a_charge": ["Gratuit"]})
    PlaceFactory(nom="Coworking", tags={"hub_kind": ["coworking"], "frais_a_charge": ["Payant"]})
    PlaceFactory(nom="Médiathèque", tags={"hub_kind": ["library"], "frais_a_charge": ["Gratuit"]})

    def found(**params):
        response = client.get("/api/v1/places", params)
        assert response.status_code == 200, response.content
        return [item["nom"] for item in response.json()["items"]]

    assert found(kind=["fablab", "coworking"]) == ["Coworking", "Fablab"]
    assert found(kind=["fablab", "coworking"], free="true") == ["Fablab"]
    assert found(free="false") == ["Coworking"]
    assert found(fee=["Payant", "Gratuit"], q="mediatheque") == ["Médiathèque"]


def test_near_gives_distances_nearest_first_and_a_count(client):
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1])
    PlaceFactory(nom="Monteux", latitude=MONTEUX[0], longitude=MONTEUX[1])
    response = client.get("/api/v1/places", {"near": "44.0553542,5.0486176", "radius_km": 30})
    body = response.json()
    assert [item["nom"] for item in body["items"]] == ["Monteux", "Avignon"]
    assert body["items"][1]["distance_km"] == pytest.approx(
        float(haversine_km(44.0553542, 5.0486176, *AVIGNON))
    )
    assert body["count"] == 2
    # 10 km by default: Avignon (22.7 km) is out.
    response = client.get("/api/v1/places", {"near": "44.0553542, 5.0486176"})
    assert [item["nom"] for item in response.json()["items"]] == ["Monteux"]


def test_open_at_and_open_now(client):
    PlaceFactory(nom="Semaine", horaires="Mo-Fr 09:00-18:00")
    PlaceFactory(nom="Toujours", horaires="24/7")
    PlaceFactory(nom="Sans horaires", horaires="")

    def found(**params):
        return [item["nom"] for item in client.get("/api/v1/places", params).json()["items"]]

    assert found(open_at="2025-07-19T11:00:00+02:00") == ["Toujours"]  # a Saturday
    assert found(open_at="2025-07-15T10:00:00+02:00") == ["Semaine", "Toujours"]
    assert found(open_at="2025-07-15T08:30:00Z") == ["Semaine", "Toujours"]  # 10:30 in Paris
    assert found(open_at="2025-07-15T08:30:00") == ["Toujours"]  # no offset: Paris time
    assert "Toujours" in found(open_now="true")
    assert "Sans horaires" not in found(open_now="true")


def test_pages_follow_next_cursor_without_skipping_a_place_added_meanwhile(client):
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        PlaceFactory(nom=name)
    first = client.get("/api/v1/places", {"limit": 2}).json()
    PlaceFactory(nom="Aaron")  # before the cursor: the next pages do not shift
    seen = [item["nom"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/places", {"limit": 2, "cursor": cursor}).json()
        seen += [item["nom"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_a_value_outside_a_vocabulary_is_a_422_listing_the_allowed_values(client):
    response = client.get("/api/v1/places", {"service": [SERVICES[0], "Réparer des vélos"]})
    (problem,) = problems_of(response)
    assert problem["field"] == "service"
    assert "'Réparer des vélos'" in problem["msg"] and SERVICES[0] in problem["msg"]
    assert problem["ctx"]["allowed"] == list(SERVICES)
    (problem,) = problems_of(client.get("/api/v1/places", {"kind": "boulangerie"}))
    assert problem["field"] == "kind" and "fablab" in problem["ctx"]["allowed"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "abc"}, "near"),
        ({"near": "43.95"}, "near"),
        ({"near": "43.95,4.8,3"}, "near"),
        ({"near": "91,4.8"}, "near"),
        ({"near": "43.95,181"}, "near"),
        ({"near": "nan,4.8"}, "near"),
        ({"near": "43.95,4.8", "radius_km": 201}, "radius_km"),
        ({"near": "43.95,4.8", "radius_km": 0}, "radius_km"),
        ({"radius_km": 5}, "radius_km"),
        ({"open_at": "tomorrow"}, "open_at"),
        ({"open_at": "2025-07-15T10:00:00", "open_now": "true"}, "open_now"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJhIjoxfQ"}, "cursor"),  # base64 of {"a":1}
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"departement": "Vaucluse"}, "departement"),
        ({"epci": "2484"}, "epci"),
        ({"commune": "8408"}, "commune"),
        ({"free": "maybe"}, "free"),
        ({"public": "Enfants"}, "public"),
        ({"programme": "Pass numérique"}, "programme"),
        ({"label": "Label rouge"}, "label"),
        ({"accessibility": "Daltonisme"}, "accessibility"),
    ],
)
def test_a_malformed_parameter_is_a_422_naming_it(client, params, field):
    problems = problems_of(client.get("/api/v1/places", params))
    assert [problem["field"] for problem in problems] == [field]
    assert problems[0]["msg"]


def test_a_cursor_of_the_name_order_does_not_page_a_near_search(client):
    PlaceFactory.create_batch(2)
    cursor = client.get("/api/v1/places", {"limit": 1}).json()["next_cursor"]
    response = client.get("/api/v1/places", {"near": "44.03,4.99", "cursor": cursor})
    assert [problem["field"] for problem in problems_of(response)] == ["cursor"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"departement": "99"}, "'99'"),
        ({"epci": "999999999"}, "EPCI"),
        ({"commune": "84999"}, "84999"),
    ],
)
def test_an_unknown_territory_code_is_a_404(client, params, named):
    response = client.get("/api/v1/places", params)
    assert response.status_code == 404
    assert named in response.json()["detail"]


def test_a_place_by_id_has_every_field(client):
    place = PlaceFactory(
        nom="EPN de Monteux",
        presentation_detail="Un espace public numérique.",
        typologie=["EPN"],
        tags={"modalites_acces": ["Se présenter", "Téléphoner"], "itinerance": ["Fixe"]},
    )
    response = client.get(f"/api/v1/places/{place.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == place.pk and body["source_id"] == place.source_id
    assert body["departement"] == "84" and body["epci"] == "248400293"
    assert body["modalites_acces"] == ["Se présenter", "Téléphoner"]
    assert body["itinerance"] == ["Fixe"] and body["typologie"] == ["EPN"]
    assert body["presentation_detail"] == "Un espace public numérique."
    assert body["distance_km"] is None


def test_an_unknown_place_is_a_json_404_naming_the_id(client):
    response = client.get("/api/v1/places/987654")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "No place has the id 987654."}
    assert [p["field"] for p in problems_of(client.get("/api/v1/places/abc"))] == ["id"]
    assert [p["field"] for p in problems_of(client.get(f"/api/v1/places/{2**64}"))] == ["id"]


def test_geojson_is_a_feature_collection_of_the_located_places(client):
    PlaceFactory(
        nom="Fablab",
        latitude=AVIGNON[0],
        longitude=AVIGNON[1],
        commune_id="84007",
        location_exact=False,
        tags={"hub_kind": ["fablab"], "services": [SERVICES[5]]},
    )
    PlaceFactory(nom="Sans position", latitude=None, longitude=None)
    PlaceFactory(nom="Monteux")
    response = client.get("/api/v1/places.geojson", {"departement": "84"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["next_cursor"] is None
    assert [feature["properties"]["nom"] for feature in body["features"]] == ["Fablab", "Monteux"]
    feature = body["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [AVIGNON[1], AVIGNON[0]]}
    assert feature["properties"] == {
        "id": feature["id"],
        "nom": "Fablab",
        "commune": "84007",
        "commune_nom": "Monteux",
        "kinds": ["fablab"],
        "services": [SERVICES[5]],
        "location_exact": False,
        "distance_km": None,
    }
    near = client.get(
        "/api/v1/places.geojson", {"near": "44.03,4.99", "radius_km": 30, "limit": 1}
    ).json()
    assert [f["properties"]["nom"] for f in near["features"]] == ["Monteux"]
    assert near["features"][0]["properties"]["distance_km"] < 1 and near["next_cursor"]
    assert [p["field"] for p in problems_of(client.get("/api/v1/places.geojson?limit=20001"))] == [
        "limit"
    ]


def test_organisations_list_and_detail(client):
    organisation = OrganisationFactory(
        name="Mairie de Monteux", kind="local_authority", commune_id="84080", siret="21840080600019"
    )
    OrganisationFactory(name="Fab'Avignon", kind="association", commune_id="84007")
    PlaceFactory(operator=organisation)

    body = client.get("/api/v1/organisations", {"kind": "local_authority"}).json()
    assert [item["name"] for item in body["items"]] == ["Mairie de Monteux"]
    assert body["items"][0]["commune"] == "84080" and body["next_cursor"] is None
    body = client.get("/api/v1/organisations", {"q": "fab avignon", "departement": "84"}).json()
    assert [item["name"] for item in body["items"]] == ["Fab'Avignon"]
    page = client.get("/api/v1/organisations", {"limit": 1}).json()
    rest = client.get("/api/v1/organisations", {"cursor": page["next_cursor"]}).json()
    assert [i["name"] for i in page["items"] + rest["items"]] == [
        "Fab'Avignon",
        "Mairie de Monteux",
    ]

    detail = client.get(f"/api/v1/organisations/{organisation.pk}").json()
    assert detail["siret"] == "21840080600019" and detail["place_count"] == 1
    assert detail["commune_nom"] == "Monteux" and detail["departement"] == "84"
    response = client.get("/api/v1/organisations/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "No organisation has the id 987654."}


def test_an_organisation_awaiting_its_admission_is_not_public(client):
    """Security review, finding 7: an organisation created by an application for membership
    was listed by the API before it was admitted; the coordination still sees it."""
    person = UserFactory()
    membership = membership_apply(
        person=person, type="partner",
        new_organisation=NewOrganisation(name="Fablab du Comtat", kind="association"),
    )  # fmt: skip
    OrganisationFactory(name="Fablab de Carpentras")
    url = f"/api/v1/organisations/{membership.organisation_id}"
    names = [
        i["name"] for i in client.get("/api/v1/organisations", {"q": "fablab"}).json()["items"]
    ]
    assert names == ["Fablab de Carpentras"]
    assert client.get(url).status_code == 404
    assert client.get(url).json() == {
        "detail": f"No organisation has the id {membership.organisation_id}."
    }
    _token, key = api_token_create(user=UserFactory(roles=["coordinator"]), name="script")
    assert client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    client.force_login(person)  # the person acting for it
    assert client.get(url).status_code == 200
    client.logout()
    membership_transition(membership=membership, to="active")
    assert client.get(url).status_code == 200
    names = [
        i["name"] for i in client.get("/api/v1/organisations", {"q": "fablab"}).json()["items"]
    ]
    assert names == ["Fablab de Carpentras", "Fablab du Comtat"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "bakery"}, "kind"),
        ({"cursor": "!!"}, "cursor"),
        ({"departement": "x"}, "departement"),
        ({"limit": 1000}, "limit"),
    ],
)
def test_organisations_malformed_parameters_are_422s_naming_them(client, params, field):
    problems = problems_of(client.get("/api/v1/organisations", params))
    assert [problem["field"] for problem in problems] == [field]


def test_openapi_lists_the_endpoints_and_the_allowed_values(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/places",
        "/api/v1/places.geojson",
        "/api/v1/places/{id}",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}",
    } <= set(spec["paths"])
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/places"]["get"]["parameters"]}
    assert {"q", "service", "kind", "near", "radius_km", "open_at", "cursor", "limit"} <= set(
        parameters
    )
    assert parameters["service"]["schema"]["items"]["enum"] == list(SERVICES)
    assert parameters["near"]["description"]


def test_openapi_tells_the_truth_about_places(client):
    """Security review: `near`'s examples were a list (OpenAPI 3.1 wants a map), the GeoJSON
    was documented as application/json, and the lists of values had no bound."""
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/places", "/api/v1/places.geojson"):
        parameters = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert "examples" not in parameters["near"] and parameters["near"]["example"]
        for name in ("service", "kind", "label", "public", "programme", "accessibility", "fee"):
            schema = parameters[name]["schema"]
            assert schema["maxItems"] == len(schema["items"]["enum"]), name
        operator = parameters["operator"]["schema"]["anyOf"][0]
        assert (operator["minimum"], operator["maximum"]) == (1, 2**63 - 1)
    answer = spec["paths"]["/api/v1/places.geojson"]["get"]["responses"]["200"]
    assert set(answer["content"]) == {"application/geo+json"}
    properties = answer["content"]["application/geo+json"]["schema"]["properties"]
    assert properties["type"]["const"] == "FeatureCollection" and "features" in properties
    kinds = {p["name"]: p for p in spec["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert kinds["kind"]["schema"]["maxItems"] == len(kinds["kind"]["schema"]["items"]["enum"])


@pytest.mark.parametrize("path", ["/api/v1/places", "/api/v1/places.geojson"])
def test_out_of_range_values_are_422s_not_500s(client, path):
    """Security review: `operator=` past SQLite's integers was a 500."""
    problems = problems_of(client.get(path, {"operator": "99999999999999999999999"}))
    assert [problem["field"] for problem in problems] == ["operator"]
    too_many = [SERVICES[0]] * (len(SERVICES) + 1)
    assert [p["field"] for p in problems_of(client.get(path, {"service": too_many}))] == ["service"]
    moment = problems_of(client.get(path, {"open_at": "9999-12-31T23:59:59"}))
    assert [problem["field"] for problem in moment] == ["open_at"]


def test_demo_data_says_so(client):
    invented = PlaceFactory(is_demo=True)
    real = PlaceFactory()
    items = {item["id"]: item for item in client.get("/api/v1/places").json()["items"]}
    assert (items[invented.pk]["is_demo"], items[real.pk]["is_demo"]) == (True, False)
    assert client.get(f"/api/v1/places/{invented.pk}").json()["is_demo"] is True


def test_geojson_is_gzipped_for_clients_that_accept_it(client):
    PlaceFactory.create_batch(5)  # gzip leaves out bodies of less than 200 bytes
    response = client.get("/api/v1/places.geojson", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
