from django.db import migrations, models
from django.db.models import F


def everyone_before_is_verified(apps, schema_editor):
    # People who signed up before verification existed have used their address for a while.
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(everyone_before_is_verified, migrations.RunPython.noop),
    ]
