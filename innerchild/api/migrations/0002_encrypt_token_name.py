from django.db import migrations

import innerchild.core.crypto
from innerchild.core.crypto import convert_column, decrypt_text, encrypt_text


def _rewrite(apps, schema_editor, convert):
    convert_column(schema_editor.connection, "api_apitoken", "name", convert)


def encrypt_names(apps, schema_editor):
    _rewrite(apps, schema_editor, encrypt_text)


def decrypt_names(apps, schema_editor):
    _rewrite(apps, schema_editor, decrypt_text)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="name",
            field=innerchild.core.crypto.EncryptedTextField(max_length=60),
        ),
        migrations.RunPython(encrypt_names, decrypt_names),
    ]
