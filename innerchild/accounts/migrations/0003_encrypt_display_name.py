from django.db import migrations

import innerchild.core.crypto
from innerchild.core.crypto import convert_column, decrypt_text, encrypt_text


def _rewrite(apps, schema_editor, convert):
    convert_column(schema_editor.connection, "accounts_user", "display_name", convert)


def encrypt_names(apps, schema_editor):
    _rewrite(apps, schema_editor, encrypt_text)


def decrypt_names(apps, schema_editor):
    _rewrite(apps, schema_editor, decrypt_text)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_email_verified_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="display_name",
            field=innerchild.core.crypto.EncryptedTextField(
                max_length=80, verbose_name="display name"
            ),
        ),
        migrations.RunPython(encrypt_names, decrypt_names),
    ]
