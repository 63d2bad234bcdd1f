from django.db import migrations

import innerchild.core.crypto
from innerchild.core.crypto import decrypt_text, encrypt_text


def _rewrite(apps, schema_editor, convert):
    # Raw SQL: the historical model would try to decrypt names that are still plaintext.
    connection = schema_editor.connection
    table = connection.ops.quote_name("api_apitoken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name FROM {table}")  # noqa: S608 (fixed table name)
        rows = cursor.fetchall()
        for token_id, value in rows:
            if value:
                cursor.execute(
                    f"UPDATE {table} SET name = %s WHERE id = %s",  # noqa: S608 (fixed table name)
                    [convert(value), token_id],
                )


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
