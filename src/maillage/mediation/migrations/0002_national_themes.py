from django.db import migrations

# The national list of the mediators' activity reports (La Coop de la médiation numérique):
# the themes of digital mediation, then those of administrative procedures. The hub edits
# the list afterwards (admin); codes stay stable for the API.
THEMES = [
    ("diagnostic-numerique", "Diagnostic numérique", "digital"),
    ("prendre-en-main-materiel", "Prendre en main du matériel", "digital"),
    ("maintenance-materiel", "Maintenance de matériel", "digital"),
    ("contenus-numeriques", "Gérer ses contenus numériques", "digital"),
    ("navigation-internet", "Navigation sur internet", "digital"),
    ("email", "E-mail", "digital"),
    ("bureautique", "Bureautique", "digital"),
    ("reseaux-sociaux", "Réseaux sociaux et communication", "digital"),
    ("sante", "Santé", "digital"),
    ("banque-achats", "Banque et achats en ligne", "digital"),
    ("entrepreneuriat", "Accompagner un professionnel (entrepreneuriat)", "digital"),
    ("insertion-professionnelle", "Insertion professionnelle et recherche d'emploi", "digital"),
    ("securite-numerique", "Prévention en sécurité numérique", "digital"),
    ("parentalite", "Parentalité", "digital"),
    ("scolarite", "Scolarité et numérique", "digital"),
    ("creer-numerique", "Créer avec le numérique", "digital"),
    ("culture-numerique", "Culture numérique", "digital"),
    ("intelligence-artificielle", "Intelligence artificielle (IA)", "digital"),
    ("papiers-citoyennete", "Papiers, élections, citoyenneté", "procedure"),
    ("famille-scolarite", "Famille, scolarité", "procedure"),
    ("social-sante", "Social, santé", "procedure"),
    ("travail-formation", "Travail, formation, entreprise", "procedure"),
    ("logement", "Logement", "procedure"),
    ("transports-mobilite", "Transports, mobilité", "procedure"),
    ("argent-impots", "Argent, impôts", "procedure"),
    ("justice", "Justice", "procedure"),
    ("etrangers-europe", "Étrangers, Europe", "procedure"),
    ("loisirs-culture", "Loisirs, sports, culture", "procedure"),
    ("associations", "Associations", "procedure"),
]


def create(apps, schema_editor):
    Theme = apps.get_model("mediation", "Theme")
    for position, (slug, name, group) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "group": group, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
