"""The longest extension of an investigation as rule data with its basis.

The Social Services Act lets the committee extend a child investigation "for a set time" when
there are special reasons, and names no longest time; an extension without a bound (9999-12-31)
is no set time at all. The default bound here is six months past the original four, a
municipality's guideline that it may change in the admin, with its basis recorded beside it.
"""

from django.db import migrations, models

CITATION = (
    "Förlängning för viss tid vid särskilda skäl: SoL (2001:453) 11 kap. 2 § tredje stycket. "
    "Lagen anger ingen längsta tid; kommunens riktlinje: högst sex månader efter den "
    "ursprungliga tidsgränsen."
)


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.filter(kind="investigation", extendable=True).update(
        extension_max_amount=6, extension_max_unit="months", extension_citation=CITATION
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_lvu_deadline_flow")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="extension_max_amount",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="longest extension"
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="extension_max_unit",
            field=models.CharField(
                blank=True,
                choices=[("days", "calendar days"), ("months", "calendar months")],
                max_length=6,
                verbose_name="unit of the longest extension",
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="extension_citation",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="basis of the longest extension"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
