import innerchild.core.crypto
from django.db import migrations


def move_saved_affirmations(apps, schema_editor):
    """Earlier versions kept the saved lines in plain JSON; move them to the encrypted field."""
    StepAnswer = apps.get_model("guide", "StepAnswer")
    for answer in StepAnswer.objects.filter(step_type="reparent").iterator():
        lines = answer.data.pop("saved_affirmations", None)
        if lines is None:
            continue
        answer.affirmations_saved = "\n".join(lines)
        answer.save(update_fields=["affirmations_saved", "data"])


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="stepanswer",
            name="affirmations_saved",
            field=innerchild.core.crypto.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(move_saved_affirmations, migrations.RunPython.noop),
    ]
