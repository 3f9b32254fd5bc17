"""The default questionnaire: six skills of the everyday digital life, two questions each,
in the spirit of the national digital diagnostics (use a device, search, communicate, do
one's procedures online, stay safe, office tools). The hub edits it in the admin."""

from django.db import migrations

# Levels of every skill: name, from % of the skill's points, recommend a path.
LEVELS = [("Débutant", 0, True), ("Initié", 30, True), ("Autonome", 60, False),
          ("Expert", 90, False)]  # fmt: skip
SCALE = ["Je ne sais pas le faire", "Avec l'aide de quelqu'un",
         "Seul·e, avec un peu de difficulté", "Seul·e, facilement"]  # fmt: skip

# slug, name, description, programme categories, standard services, questions
SKILLS = [
    ("appareils", "Utiliser un ordinateur, une tablette ou un smartphone",
     "Allumer, ouvrir une application, installer, mettre à jour.",
     ["mediation", "repair-cafe"],
     ["Maîtrise des outils numériques du quotidien", "Accès internet et matériel informatique"],
     [("Allumer un appareil, ouvrir une application, régler le son : vous le faites…", "", SCALE),
      ("Installer une application ou faire une mise à jour : vous le faites…", "", SCALE)]),
    ("recherche", "Chercher une information sur internet",
     "Trouver une information et savoir si on peut s'y fier.",
     ["mediation", "futurlab"],
     ["Maîtrise des outils numériques du quotidien", "Compréhension du monde numérique"],
     [("Trouver sur internet les horaires de la mairie ou d'un cabinet médical :", "", SCALE),
      ("Savoir si un site ou une information est fiable (qui l'écrit, de quand elle date) :", "",
       ["Je ne sais pas comment faire", "Je demande à quelqu'un", "Je vérifie parfois",
        "Je vérifie toujours la source et la date"])]),
    ("communication", "Communiquer : courriel et messageries",
     "Écrire un courriel, joindre un document, appeler en vidéo.",
     ["mediation", "medialab"],
     ["Maîtrise des outils numériques du quotidien"],
     [("Envoyer un courriel avec une pièce jointe (une photo, un document) :", "", SCALE),
      ("Faire un appel vidéo avec un proche ou un conseiller :", "", SCALE)]),
    ("demarches", "Faire ses démarches en ligne",
     "Se connecter aux services publics, remplir un formulaire, envoyer un justificatif.",
     ["mediation", "insertion"],
     ["Aide aux démarches administratives"],
     [("Se connecter à un service public avec FranceConnect (impots.gouv, ameli, CAF…) :",
       "FranceConnect permet d'utiliser un même compte pour plusieurs services publics.", SCALE),
      ("Remplir un formulaire en ligne et y joindre un justificatif photographié ou scanné :", "",
       SCALE)]),
    ("securite", "Se protéger en ligne",
     "Mots de passe, messages frauduleux, données personnelles.",
     ["mediation", "conference"],
     ["Utilisation sécurisée du numérique"],
     [("Choisir un mot de passe solide et ne pas utiliser le même partout :", "", SCALE),
      ("Reconnaître un message frauduleux (faux colis, fausse banque, faux remboursement) :", "",
       ["Je ne sais pas les reconnaître", "J'ai des doutes, je demande à quelqu'un",
        "Je les reconnais le plus souvent", "Je les reconnais et je sais les signaler"])]),
    ("bureautique", "Écrire un document et ranger ses fichiers",
     "Traitement de texte, tableur, dossiers et téléchargements.",
     ["formation", "insertion"],
     ["Insertion professionnelle via le numérique",
      "Maîtrise des outils numériques du quotidien"],
     [("Écrire un courrier ou un CV avec un traitement de texte et l'enregistrer en PDF :", "",
       SCALE),
      ("Retrouver un fichier téléchargé et le ranger dans un dossier :", "", SCALE)]),
]  # fmt: skip


def create(apps, schema_editor):
    Skill = apps.get_model("diagnostic", "Skill")
    Level = apps.get_model("diagnostic", "Level")
    Question = apps.get_model("diagnostic", "Question")
    Choice = apps.get_model("diagnostic", "Choice")
    Category = apps.get_model("programme", "Category")
    if Skill.objects.exists():
        return
    for position, (slug, name, description, categories, services, questions) in enumerate(SKILLS):
        skill = Skill.objects.create(
            slug=slug, name=name, description=description, position=position, services=services
        )
        skill.categories.set(Category.objects.filter(slug__in=categories))
        for level_name, min_percent, recommend in LEVELS:
            Level.objects.create(
                skill=skill, name=level_name, min_percent=min_percent, recommend=recommend
            )
        for rank, (text, help_text, choices) in enumerate(questions):
            question = Question.objects.create(
                skill=skill, text=text, help_text=help_text, position=rank
            )
            for points, choice in enumerate(choices):
                Choice.objects.create(
                    question=question, text=choice, points=points, position=points
                )


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0001_initial"),
        ("programme", "0002_default_categories"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
