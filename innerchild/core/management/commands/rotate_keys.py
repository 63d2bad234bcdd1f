from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innerchild.core import crypto

BATCH = 500


def encrypted_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, crypto.EncryptedTextField | crypto.EncryptedBinaryField)
    ]


def reencrypt_all(stdout=None) -> int:
    """Rewrite every encrypted value under the current primary key, one batch per transaction.

    Rows are read and written back one batch at a time, so the app keeps serving meanwhile: any
    live key decrypts, and each value is already readable before and after its row is rewritten.
    """
    total = 0
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        last_pk = None
        while True:
            batch = model._default_manager.order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(batch.only("pk", *fields)[:BATCH])
            if not rows:
                break
            with transaction.atomic():
                for row in rows:
                    row.save(update_fields=fields)
            total += len(rows)
            last_pk = rows[-1].pk
        if stdout:
            stdout.write(f"  {model._meta.label}: re-encrypted")
    return total


class Command(BaseCommand):
    help = (
        "Key rotation. --generate prints a new key. --add-key puts a new primary key first in the "
        "key file. With no option: re-encrypt everything under the primary key. --drop-old then "
        "removes every key but the primary from the key file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true")
        parser.add_argument("--add-key", action="store_true")
        parser.add_argument("--drop-old", action="store_true")

    def handle(self, *args, generate=False, add_key=False, drop_old=False, **options):
        if generate:
            self.stdout.write(Fernet.generate_key().decode())
            return
        key_file = settings.ENCRYPTION_KEYS_FILE
        if (add_key or drop_old) and settings.ENCRYPTION_KEYS:
            raise CommandError(
                "Keys come from ENCRYPTION_KEYS; edit that variable instead (new key first)."
            )
        if add_key:
            keys = crypto.configured_keys()
            key_file.write_text("\n".join([Fernet.generate_key().decode(), *keys]) + "\n")
            crypto.reset_keys()
            self.stdout.write(
                f"Added a new primary key to {key_file}. Restart workers, then run rotate-keys."
            )
            return
        if drop_old:
            keys = crypto.configured_keys()
            key_file.write_text(keys[0] + "\n")
            crypto.reset_keys()
            self.stdout.write(f"Kept only the primary key in {key_file}.")
            return
        crypto.reset_keys()
        count = reencrypt_all(self.stdout)
        self.stdout.write(f"Re-encrypted {count} row(s) under the primary key.")
