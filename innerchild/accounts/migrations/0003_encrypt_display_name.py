from django.db import migrations

import innerchild.core.crypto
from innerchild.core.crypto import decrypt_text, encrypt_text


def _rewrite(apps, schema_editor, convert):
    # Raw SQL: the historical model would try to decrypt names that are still plaintext.
    connection = schema_editor.connection
    table = connection.ops.quote_name("accounts_user")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, display_name FROM {table}")  # noqa: S608 (fixed table name)
        rows = cursor.fetchall()
        for user_id, value in rows:
            if value:
                cursor.execute(
                    f"UPDATE {table} SET display_name = %s WHERE id = %s",  # noqa: S608 (fixed table name)
                    [convert(value), user_id],
                )


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
