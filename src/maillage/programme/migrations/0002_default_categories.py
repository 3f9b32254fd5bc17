from django.db import migrations

# The kinds of action of seeds 002 and 003; the hub edits the list afterwards.
CATEGORIES = [
    ("mediation", "Atelier de médiation numérique"),
    ("medialab", "MediaLab"),
    ("futurlab", "FuturLab"),
    ("gamelab", "GameLab"),
    ("repair-cafe", "Repair café"),
    ("atelier-pro", "Atelier professionnel"),
    ("formation", "Formation"),
    ("insertion", "Atelier d'insertion"),
    ("conference", "Conférence"),
    ("challenge", "Challenge"),
    ("dejeuner", "Déjeuner d'affaires"),
    ("communaute", "Rencontre de communauté"),
    ("autre", "Autre"),
]


def create(apps, schema_editor):
    Category = apps.get_model("programme", "Category")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
