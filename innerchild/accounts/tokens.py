"""One-use links that prove a person reads the inbox of their address."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "innerchild.accounts.email-confirmation"

    def _make_hash_value(self, user, timestamp: int) -> str:
        # The link dies once the address is confirmed, and when a later sign-up for the same
        # pending address sets another password (only the newest email's link works).
        return f"{user.pk}{user.email}{user.password}{user.email_verified_at}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
