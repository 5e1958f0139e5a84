"""Formerly Stockholm's districts and units. Since December 2026 they are example data, loaded with
`manage.py load_example stockholm` (skyddsnat/organisation/examples/stockholm.py), so that a new
database for another municipality starts without Stockholm.

The migration stays, without operations, because databases created before then have it applied
(and keep the rows it made; loading the example there changes nothing).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = []
