"""Authenticated encryption at rest for everything a person writes (text and photos).

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`, wrapped in MultiFernet so that several
keys can be live at once: the first key encrypts, any key decrypts. That is what makes key
rotation possible without downtime (see docs/privacy.md and `innerchild rotate-keys`).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

from innerchild.envconfig import secret_in_data_dir

__all__ = ["EncryptedTextField", "InvalidToken", "decrypt_bytes", "encrypt_bytes", "reset_keys"]


def configured_keys() -> list[str]:
    if settings.ENCRYPTION_KEYS:
        return list(settings.ENCRYPTION_KEYS)
    raw = secret_in_data_dir(
        settings.ENCRYPTION_KEYS_FILE.parent,
        settings.ENCRYPTION_KEYS_FILE.name,
        lambda: Fernet.generate_key().decode() + "\n",
    )
    return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = configured_keys()
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS must be comma-separated Fernet keys "
            "(make one with `innerchild rotate-keys --generate`)."
        ) from None


def reset_keys() -> None:
    """Forget the cached keys (after rotation, or when a test changes settings)."""
    _fernet.cache_clear()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def reencrypt_token(token: bytes) -> bytes:
    """The same plaintext under the current primary key."""
    return _fernet().rotate(token)


def encrypt_text(text: str) -> str:
    return encrypt_bytes(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


class _NoContentLookups:
    """The database holds ciphertext, so comparing it with a value would silently match nothing."""

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: it cannot be filtered by "
                f"content ('{lookup_name}'). Filter on other fields and compare in Python."
            )
        return super().get_lookup(lookup_name)


class EncryptedTextField(_NoContentLookups, models.TextField):
    """Text stored as a Fernet token. The database never sees the plaintext.

    Lookups other than isnull cannot work on ciphertext; search happens on decrypted text
    or on separately stored, non-reversible features.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


class EncryptedBinaryField(_NoContentLookups, models.BinaryField):
    """Bytes (e.g. a photo) stored as a Fernet token."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not prepared:
            value = encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared=prepared)


def convert_column(connection, table: str, column: str, convert) -> None:
    """Rewrite every non-empty value of a text column through `convert` (encrypt_text or
    decrypt_text), by row id. For migrations that start or stop encrypting a column: they use raw
    SQL, because the historical model would try to decrypt values that are still plaintext."""
    quoted_table, quoted_column = (
        connection.ops.quote_name(table),
        connection.ops.quote_name(column),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quoted_column} FROM {quoted_table}")  # noqa: S608 (names quoted, not input)
        rows = cursor.fetchall()
        for row_id, value in rows:
            if value:
                cursor.execute(
                    f"UPDATE {quoted_table} SET {quoted_column} = %s WHERE id = %s",  # noqa: S608
                    [convert(value), row_id],
                )
