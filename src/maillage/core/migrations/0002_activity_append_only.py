"""The activity log is append-only: the database itself refuses UPDATE on its rows."""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER core_activity_append_only BEFORE UPDATE ON core_activity
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_activity_append_only;"

POSTGRES_CREATE = """
CREATE FUNCTION core_activity_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the activity log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_activity_append_only BEFORE UPDATE ON core_activity
FOR EACH ROW EXECUTE FUNCTION core_activity_refuse_update();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS core_activity_append_only ON core_activity;
DROP FUNCTION IF EXISTS core_activity_refuse_update();
"""


def create_trigger(apps, schema_editor):
    sql = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


def drop_trigger(apps, schema_editor):
    sql = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
