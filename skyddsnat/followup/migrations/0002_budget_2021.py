"""The budget group, which may enter budget lines.

Formerly also Stockholm's 2021 budget with its programmes; since December 2026 they are example
data, loaded with `manage.py load_example stockholm` (skyddsnat/followup/examples/stockholm.py), so
that a new database for another municipality starts without them. Databases created before then
have this migration applied and keep the rows it made; loading the example there changes nothing.
"""

from django.db import migrations


def load(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="budget")


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="budget").delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
