"""The demo hub, modelled on seed 000: Provence Numérique, a SCIC based in Monteux
(Vaucluse) with the PTCE label, its places and some actors of its territory.

Pure data. Provence Numérique and its key figures come from the seed; its places' names,
addresses and hours, the companies and the people are invented for the demonstration and
are flagged as such wherever they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STANDARD_SERVICES_MEDIATION = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
)


@dataclass(frozen=True)
class HubPlace:
    key: str
    name: str
    commune: str  # INSEE code
    kinds: tuple[str, ...]
    summary: str
    hours: str = ""
    services: tuple[str, ...] = ()
    fees: str = "Gratuit"
    access: tuple[str, ...] = ("Se présenter", "Téléphoner")
    support: tuple[str, ...] = ("Accompagnement individuel",)
    mobile: bool = False
    publics: tuple[str, ...] = ()
    booking_url: str = ""


HUB_PLACES = [
    # 4 tiers-lieux
    HubPlace("tiers-lieu-monteux", "La Filature numérique", "84080", ("tiers_lieu", "coworking"),
             "Tiers-lieu de Provence Numérique : accueil, coworking, ateliers et médiation.",
             "Mo-Fr 09:00-18:00; Sa 09:00-12:00",
             (*STANDARD_SERVICES_MEDIATION, "Loisirs et créations numériques"),
             support=("Accompagnement individuel", "Dans un atelier collectif", "En autonomie")),
    HubPlace("tiers-lieu-carpentras", "Le Comptoir du Comtat", "84031", ("tiers_lieu",),
             "Tiers-lieu de centre-ville : permanences numériques, associations, cafés-réparation.",
             "Tu-Sa 10:00-18:00", STANDARD_SERVICES_MEDIATION),
    HubPlace("tiers-lieu-pernes", "La Grange des Fontaines", "84088", ("tiers_lieu",),
             "Tiers-lieu rural : espace partagé, ateliers du soir, point visio.",
             "We-Fr 14:00-19:00; Sa 09:00-13:00",
             ("Maîtrise des outils numériques du quotidien", "Loisirs et créations numériques")),
    HubPlace("tiers-lieu-sarrians", "L'Atelier des Sablons", "84122", ("tiers_lieu", "visio_point"),
             "Tiers-lieu agricole et numérique, point visio pour les démarches à distance.",
             "Mo,Th 09:00-12:30,14:00-17:30",
             ("Aide aux démarches administratives", "Accès internet et matériel informatique")),
    # the camion numérique and its stops
    HubPlace("camion-numerique", "Le Camion numérique", "84080", ("mobile_stop", "fablab"),
             "Fablab éphémère et médiation numérique itinérante dans les villages du Comtat.",
             "", (*STANDARD_SERVICES_MEDIATION, "Loisirs et créations numériques"),
             access=("Téléphoner", "Prendre un RDV en ligne"), mobile=True,
             support=("Accompagnement individuel", "Dans un atelier collectif")),
    # 2 fablabs
    HubPlace("fablab-monteux", "Fablab de la Filature", "84080", ("fablab",),
             "Découpe laser, impression 3D, électronique : de l'idée au prototype.",
             "Tu-Fr 14:00-19:00; Sa 10:00-17:00", ("Loisirs et créations numériques",),
             fees="Payant", support=("En autonomie", "Dans un atelier collectif")),
    HubPlace("fablab-carpentras", "Fablab du Comptoir", "84031", ("fablab",),
             "Atelier de fabrication numérique pour artisans, écoles et habitants.",
             "We 14:00-18:00; Sa 09:00-12:00", ("Loisirs et créations numériques",),
             fees="Gratuit sous condition", publics=("Jeunes",)),
    # 8 coworking spaces
    *[
        HubPlace(f"coworking-{code}", f"Coworking {name}", code, ("coworking",),
                 "Postes de travail, salle de réunion et connexion très haut débit.",
                 "Mo-Fr 08:30-19:00", ("Accès internet et matériel informatique",),
                 fees="Payant", access=("Prendre un RDV en ligne", "Téléphoner"),
                 support=("En autonomie",))
        for code, name in (
            ("84080", "de la Filature"), ("84031", "du Comptoir"), ("84088", "des Fontaines"),
            ("84007", "Avignon Gare"), ("84054", "des Sorgues"), ("84035", "de Cavaillon"),
            ("84087", "d'Orange"), ("84004", "d'Aubignan"),
        )
    ],
    # 2 mediation spaces
    HubPlace("mediation-monteux", "Espace de médiation numérique de Monteux", "84080", ("epn",),
             "Aide aux démarches en ligne, ateliers smartphone et ordinateur, avec ou sans rendez-vous.",
             "Mo-Fr 09:00-12:00,14:00-17:00", STANDARD_SERVICES_MEDIATION,
             publics=("Seniors",), support=("Accompagnement individuel", "Dans un atelier collectif")),
    HubPlace("mediation-bedarrides", "Point numérique de Bédarrides", "84016", ("epn",),
             "Permanences d'aide aux démarches administratives et à l'emploi.",
             "Tu 09:00-12:00; Th 14:00-17:00",
             ("Aide aux démarches administratives", "Insertion professionnelle via le numérique")),
    # 1 medialab
    HubPlace("medialab", "Medialab du Comtat", "84080", ("medialab",),
             "Studio vidéo et son, éducation aux médias et à l'information.",
             "We 14:00-18:00; Sa 10:00-16:00",
             ("Compréhension du monde numérique", "Parentalité et éducation avec le numérique"),
             publics=("Jeunes", "Familles et/ou enfants")),
    # 3 training rooms
    *[
        HubPlace(f"formation-{code}", f"Plateau de formation {name}", code, ("training_space",),
                 "Salle équipée pour les formations des professionnels (artisanat, industrie).",
                 "Mo-Fr 08:30-17:30", ("Insertion professionnelle via le numérique",),
                 fees="Payant", access=("Téléphoner", "Contacter par mail"),
                 support=("Dans un atelier collectif",))
        for code, name in (("84080", "de Monteux"), ("84031", "de Carpentras"), ("84007", "d'Avignon"))
    ],
]  # fmt: skip

# Stops of the camion numérique: villages without a place of their own.
CAMION_STOPS = [
    ("84108", "Saint-Didier", "Tu 09:00-12:00"),
    ("84143", "Venasque", "Tu 14:00-17:00"),
    ("84070", "Malemort-du-Comtat", "Th 09:00-12:00"),
    ("84011", "Le Beaucet", "Th 14:00-17:00"),
]


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    legal_form: str
    commune: str
    description: str
    sectors: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    size: str = ""
    invented: bool = True
    places: tuple[str, ...] = field(default_factory=tuple)


HUB_ORGANISATION = DemoOrganisation(
    "provence-numerique",
    "Provence Numérique",
    "tiers_lieu_operator",
    "scic",
    "84080",
    "SCIC labellisée PTCE, basée à Monteux : elle relie entreprises du numérique, industriels, "
    "artisans, collectivités, associations, tiers-lieux et citoyens. 55 sociétaires, plus de "
    "600 entreprises fédérées, plus de 200 entreprises accompagnées chaque année.",
    sectors=("Médiation numérique", "Fabrication numérique", "Conseil et formation"),
    skills=("Médiation", "Prototypage", "Formation des professionnels"),
    size="10-49",
    invented=False,
    places=tuple(place.key for place in HUB_PLACES),
)

ORGANISATIONS = [
    HUB_ORGANISATION,
    DemoOrganisation("comtat-logiciels", "Comtat Logiciels", "digital_company", "sas", "84031",
                     "Éditeur de logiciels de gestion pour les exploitations agricoles.",
                     ("Logiciel",), ("Python", "Applications mobiles"), "10-49"),
    DemoOrganisation("pixel-ventoux", "Pixel Ventoux", "digital_company", "sarl", "84080",
                     "Agence web et accessibilité numérique pour les collectivités.",
                     ("Web", "Accessibilité"), ("RGAA", "Design"), "1-9"),
    DemoOrganisation("data-sorgues", "Data Sorgues", "digital_company", "scop", "84054",
                     "Coopérative d'analyse de données et de cartographie.",
                     ("Données",), ("SIG", "Statistique"), "1-9"),
    DemoOrganisation("ebenisterie-comtadine", "Ébénisterie comtadine", "artisan", "sole_trader",
                     "84088", "Ébéniste : meubles sur mesure, découpe numérique au fablab.",
                     ("Bois",), ("Ébénisterie", "Commande numérique"), "0"),
    DemoOrganisation("ferronnerie-sarrians", "Ferronnerie des Sablons", "artisan", "sarl", "84122",
                     "Ferronnerie d'art et petite métallerie.", ("Métal",), ("Soudure",), "1-9"),
    DemoOrganisation("conserves-provence", "Conserverie du Comtat", "industry", "sas", "84080",
                     "Conserverie de fruits et légumes, 80 salariés, usine connectée.",
                     ("Agroalimentaire",), ("Production",), "50-249"),
    DemoOrganisation("lien-numerique", "Le Lien numérique", "association", "association", "84031",
                     "Association d'entraide : bénévoles aidants numériques pour les seniors.",
                     ("Médiation numérique",), ("Aide aux démarches",), "1-9"),
    DemoOrganisation("repair-comtat", "Répar'Comtat", "association", "association", "84088",
                     "Cafés-réparation et réemploi de matériel informatique.",
                     ("Réemploi",), ("Réparation",), "0"),
    DemoOrganisation("campus-ventoux", "Campus numérique du Ventoux", "training_research", "gip",
                     "84031", "Formations qualifiantes aux métiers du numérique.",
                     ("Formation",), ("Développement web",), "10-49"),
]  # fmt: skip

# Demo accounts: one per role, the same password, printed by `maillage demo`.
DEMO_PASSWORD = "maillage-demo"
DEMO_USERS = [
    ("admin@demo.maillage.fr", "Alex Administrateur (démo)", ["admin"]),
    ("coordination@demo.maillage.fr", "Camille Coordinatrice (démo)", ["coordinator"]),
    ("lieu@demo.maillage.fr", "Lou Gestionnaire de lieu (démo)", ["place_manager"]),
    ("mediation@demo.maillage.fr", "Sam Médiateur (démo)", ["mediator"]),
    ("membre@demo.maillage.fr", "Dominique Sociétaire (démo)", ["member"]),
]
