"""Each format's converter, on rows written like the real files' (and on the files)."""

import json

import pytest

from maillage.directory import standard
from maillage.directory.formats import FORMATS, detect
from maillage.directory.sources import read_rows
from tests.conftest import require_shared_data

# Every real file of ../shared/data that holds places, and the format it is in.
REAL_FILES = {
    "hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv": "standard-v1",
    "hub-du-sud-paca/20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.v1.json": "standard-v1",
    "hub-du-sud-paca/20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.v0.json": "standard-v0",
    "standard-mediation-num/exemple-valide.csv": "standard-v1",
    "standard-mediation-num/exemple-valide-v0.1.1.csv": "standard-v0",
    "conseillers-numeriques/cnfs-lieux-mediation-numerique-paca.json": "standard-v0",
    "data-inclusion-2023/data-inclusion-lieux-mediation-numerique-paca.json": "standard-v0",
    "data-inclusion-schema/examples/001.json": "data-inclusion",
    "data-inclusion-schema/examples/002.json": "data-inclusion",
    "aix-en-provence/aix-en-provence.json": "standard-v0",
    "region-sud-lieux-inclusion-numerique-2022/regionsud-lieux-dinclusion-numerique-2022.json": "carto-inclusion",
    "region-sud-lieux-inclusion-numerique-2022/regionsud-lieux-dinclusion-numerique-2022.csv": "carto-inclusion",
    "sudlabs-hub-du-sud/Lieux_Mediation_fablab_SudLab_LABELS_transformed.csv": "carto-inclusion",
    "sudlabs-hub-du-sud/Lieux_Mediation_fablab_SudLab_LABELS.csv": "sudlabs",
    "france-services/liste-fs-paca.csv": "france-services",
    "bibliotheques-publiques/adresses-des-bibliotheques-publiques-paca.csv": "bibliotheques",
    "nice-cyber-espaces/coordonnees-cyber-espaces.original.csv": "nice-cyber-espaces",
}


@pytest.mark.parametrize(("relative", "expected"), REAL_FILES.items(), ids=list(REAL_FILES))
def test_each_real_file_is_recognised_and_every_row_converts(relative, expected):
    rows, _encoding = read_rows(require_shared_data(relative))
    found = detect({name for row in rows for name in row.values})
    assert found is not None and found.name == expected
    for row in rows:
        converted = found.convert(row.values)
        assert set(converted.values) <= set(standard.COLUMNS)
        parsed = standard.parse_v1(
            {**converted.values, "date_maj": converted.values.get("date_maj") or "2024-01-01"}
        )
        for issue in (*converted.notes, *parsed.issues):
            assert issue.field and issue.rule  # every issue says where and why


def test_v0_values_map_to_v1():
    converted = FORMATS["standard-v0"].convert(
        {
            "id": 1,
            "pivot": "W131004321",
            "nom": "Anonymal",
            "commune": "Aix-en-Provence",
            "code_postal": 13100,
            "code_insee": 13001,
            "Adresse": "1 PLACE VICTOR SCHOELCHER",
            "courriel": "a@b.fr;c@d.fr",
            "telephone": "04 42 64 59 75",
            "services": "Prendre en main un ordinateur;Accéder à du matériel;Utiliser le numérique au quotidien",
            "conditions_access": "Gratuit : Je peux accéder gratuitement au lieu et à ses services;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
            "labels_nationaux": "CNFS;Aidants Connect;Fabriques de Territoire;APTIC",
            "public_accueillis": "Seniors (+ 65 ans);Adultes;Surdité",
            "modalites_accompagnement": "Avec de l'aide : je suis accompagné seul dans l'usage du numérique",
            "date_maj": "2024-01-31",
        }
    )
    values = converted.values
    assert (
        values["id"] == "1" and values["code_postal"] == "13100" and values["code_insee"] == "13001"
    )
    assert values["adresse"] == "1 PLACE VICTOR SCHOELCHER"
    assert values["courriels"] == "a@b.fr|c@d.fr"
    assert values["telephone"] == "+33442645975"
    assert (
        values["services"]
        == "Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique"
    )
    assert values["frais_a_charge"] == "Gratuit"
    assert values["dispositif_programmes_nationaux"] == "Conseillers numériques|Aidants Connect"
    assert values["formations_labels"] == "Fabriques de Territoire"
    assert values["autres_formations_labels"] == "Pass numérique (APTIC)|APTIC"
    assert values["publics_specifiquement_adresses"] == "Seniors"
    assert values["prise_en_charge_specifique"] == "Surdité"
    assert values["modalites_accompagnement"] == "Accompagnement individuel"
    assert converted.notes == []
    assert standard.parse_v1(values).errors == []


def test_unknown_v0_values_are_noted_not_kept():
    converted = FORMATS["standard-v0"].convert({"services": "Faire du vélo", "courriel": ""})
    assert [(note.field, note.value) for note in converted.notes] == [("services", "Faire du vélo")]
    assert converted.values["services"] == ""


def test_data_inclusion_structure():
    converted = FORMATS["data-inclusion"].convert(
        {
            "id": "s1",
            "siret": "60487647500499",
            "nom": "Mobilette",
            "commune": "Monteux",
            "code_postal": "84170",
            "adresse": "Rue",
            "date_maj": "2022-04-28T16:53:11Z",
            "thematiques": [
                "numerique--prendre-en-main-un-ordinateur",
                "numerique--inconnu",
                "mobilite",
            ],
            "labels_nationaux": ["france-service", "aptic"],
            "horaires_ouverture": 'Mo-Fr 10:00-20:00 "sur rendez-vous"; PH off',
            "description": "Court.",
        }
    )
    values = converted.values
    assert values["pivot"] == "60487647500499" and values["date_maj"] == "2022-04-28"
    assert values["services"] == "Maîtrise des outils numériques du quotidien"
    assert values["dispositif_programmes_nationaux"] == "France Services"
    assert values["autres_formations_labels"] == "aptic"
    assert values["presentation_resume"] == "Court."
    assert [note.value for note in converted.notes] == ["numerique--inconnu"]
    assert standard.parse_v1(values).errors == []


def test_region_sud_census_row():
    converted = FORMATS["carto-inclusion"].convert(
        {
            "nom": "Médiathèque",
            "type_lieu": "Bibliothèque / Médiathèque",
            "adresse_numero": "2",
            "adresse_rue": "place de la mairie",
            "adresse_code_postal": 4000,
            "adresse_commune": "DIGNE-LES-BAINS",
            "latitude": "44.09",
            "longitude": "6.23",
            "itinerant": "Non",
            "contact_telephone": "04 92 00 00 00",
            "contact_twitter": "ttps://twitter.com/x",
            "horaires_ouverture_osm": "Lundi au vendredi 9h-12h/14h-18h",
            "labels": "FRANCE SERVICES, SUD LABS, ECG VAUCLUSE, CITÉLABS",
            "services": "Ateliers",
            "date": "01/01/1970",
        }
    )
    values = converted.values
    assert values["id"].startswith("carto-") and values["code_postal"] == "04000"
    assert values["adresse"] == "2 place de la mairie"
    assert values["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:00"
    assert values["typologie"] == "BIB" and values["itinerance"] == "Fixe"
    assert values["dispositif_programmes_nationaux"] == "France Services"
    assert values["formations_labels"] == "SUD LABS (PACA)"
    assert values["autres_formations_labels"] == "CITÉLABS"
    assert values["presentation_detail"] == "Services : Ateliers"
    assert converted.hub_kinds == ("ecg_vaucluse",)
    parsed = standard.parse_v1(values)
    assert [issue.field for issue in parsed.warnings] == ["site_web"]  # "ttps://…" dropped


def test_hours_that_say_more_stay_readable():
    converted = FORMATS["carto-inclusion"].convert(
        {"nom": "X", "type_lieu": "", "adresse_code_postal": "84170", "adresse_commune": "Monteux",
         "horaires_ouverture_brut": "Tous les jours sur rendez-vous"}
    )  # fmt: skip
    assert converted.values["horaires"] == ""
    assert "Horaires : Tous les jours sur rendez-vous" in converted.values["presentation_detail"]
    assert converted.notes[0].field == "horaires"


def test_france_services_hours_per_day():
    converted = FORMATS["france-services"].convert(
        {
            "id_fs": "18", "lib_fs": "France services Tende", "insee_com": "6163",
            "code_postal": "6430", "lib_com": "Tende", "adresse": "Place", "itinerance": "Non",
            "h_lundi": "09:00 - 12:00 / 14:00 - 17:00", "h_mardi": "09:00 - 12:00",
            "h_mercredi": "", "telephone": "04 93 04 73 71",
        }
    )  # fmt: skip
    values = converted.values
    assert values["horaires"] == "Mo 09:00-12:00,14:00-17:00; Tu 09:00-12:00"
    assert values["code_insee"] == "06163" and values["code_postal"] == "06430"
    assert values["dispositif_programmes_nationaux"] == "France Services"
    assert converted.hub_kinds == ("france_services",)


def test_libraries_and_nice_and_sudlabs():
    library = FORMATS["bibliotheques"].convert(
        {"Libelle1": "Bibliothèque", "Libelle2": "", "Localisation": "Mairie", "voie": "",
         "CP": "05700", "Ville": "Serres", "INSEE": "05166", "code_bib": "4619.0",
         "coordonnees_finales": "44.42,5.71", "type_adresse": "Adresse administrative"}
    )  # fmt: skip
    assert library.values["id"] == "4619" and library.values["adresse"] == "Mairie"
    assert (library.values["latitude"], library.values["longitude"]) == ("44.42", "5.71")
    assert library.values["modalites_acces"] == "Ce lieu n'accueille pas de public"
    assert library.hub_kinds == ("library",)
    nice = FORMATS["nice-cyber-espaces"].convert(
        {"ETABLISSEMENT_NOM": "Borriglione", "ETABLISSEMENT_ADRESSE": "7, rue X",
         "ETABLISSEMENT_CODE_POSTAL": "06100", "ETABLISSEMENT_VILLE": "NICE",
         "ETABLISSEMENT_TELEPHONE": "04 97 13 42 79"}
    )  # fmt: skip
    assert nice.values["telephone"] == "+33497134279" and nice.hub_kinds == ("epn",)
    lab = FORMATS["sudlabs"].convert(
        {"ID": "7", "NOM DU LIEUX": "Lab", "ADRESSE": "-", "CODE POSTAL": "5000", "VILLE": "GAP",
         "TYPE DE LIEU": "FABLAB; ESPACE DE COWORKING; LIEU DE MEDIATION NUMERIQUE; GAMELAB",
         "AUTRES LABELS": "Espace Public Numérique (EPN)", "LATITUDE": "44° 33' 43.5''",
         "LONGITUDE": "6.07"}
    )  # fmt: skip
    assert lab.values["adresse"] == "" and lab.values["code_postal"] == "05000"
    assert lab.values["latitude"] == "44.562083"
    assert lab.hub_kinds == ("fablab", "coworking", "epn")
    assert "Type de lieu : GAMELAB" in lab.values["presentation_detail"]
    assert lab.values["formations_labels"] == "SUD LABS (PACA)"


def test_detect_refuses_unknown_columns():
    assert detect({"foo", "bar"}) is None
    assert detect(set(json.loads('["id", "nom"]'))) is None
