"""Organisations created by an application for membership that was never admitted leave the
public directory of actors (`Organisation.listed`, added by directory 0006): until then every
applicant organisation showed there as soon as it applied."""

from django.db import migrations


def unlist_never_admitted(apps, schema_editor):
    Activity = apps.get_model("core", "Activity")
    Organisation = apps.get_model("directory", "Organisation")
    Membership = apps.get_model("members", "Membership")
    created = set()
    for data in Activity.objects.filter(verb="membership.applied").values_list("data", flat=True):
        if isinstance(data, dict) and data.get("new_organisation") and data.get("organisation"):
            created.add(data["organisation"])
    if not created:
        return
    # Admitted once (active, lapsed, or left after being active): its membership has a start.
    admitted = set(
        Membership.objects.filter(
            organisation_id__in=created, started_on__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    Organisation.objects.filter(pk__in=created - admitted).update(listed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_activity_append_only"),
        ("directory", "0006_organisation_listed"),
        ("members", "0005_membership_application_message"),
    ]

    operations = [migrations.RunPython(unlist_never_admitted, migrations.RunPython.noop)]
