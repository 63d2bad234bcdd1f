from cryptography.fernet import Fernet, InvalidToken
from django.test import SimpleTestCase, override_settings

from innerchild.core import crypto


class CryptoTests(SimpleTestCase):
    def tearDown(self):
        crypto.reset_keys()

    def test_text_round_trips_and_the_token_hides_it(self):
        token = crypto.encrypt_text("I missed you, little one")
        self.assertNotIn("little", token)
        self.assertEqual(crypto.decrypt_text(token), "I missed you, little one")

    def test_the_same_text_encrypts_differently_each_time(self):
        self.assertNotEqual(crypto.encrypt_text("same"), crypto.encrypt_text("same"))

    def test_a_tampered_token_is_refused(self):
        token = bytearray(crypto.encrypt_bytes(b"private"))
        token[-5] = ord("A") if token[-5] != ord("A") else ord("B")
        with self.assertRaises(InvalidToken):
            crypto.decrypt_bytes(bytes(token))

    def test_old_tokens_still_read_after_a_new_primary_key_is_added(self):
        old_token = crypto.encrypt_text("written last year")
        new_key = Fernet.generate_key().decode()
        with override_settings(ENCRYPTION_KEYS=[new_key, *crypto.configured_keys()]):
            crypto.reset_keys()
            self.assertEqual(crypto.decrypt_text(old_token), "written last year")
            rotated = crypto.reencrypt_token(old_token.encode())
        with override_settings(ENCRYPTION_KEYS=[new_key]):
            crypto.reset_keys()
            self.assertEqual(crypto.decrypt_bytes(rotated), b"written last year")
            with self.assertRaises(InvalidToken):
                crypto.decrypt_text(old_token)

    def test_a_malformed_key_is_a_clear_configuration_error(self):
        from django.core.exceptions import ImproperlyConfigured

        with override_settings(ENCRYPTION_KEYS=["not-a-key"]):
            crypto.reset_keys()
            with self.assertRaisesMessage(ImproperlyConfigured, "ENCRYPTION_KEYS must be"):
                crypto.encrypt_text("x")


class EncryptedFieldLookupTests(SimpleTestCase):
    def test_filtering_by_encrypted_content_is_refused_loudly(self):
        from django.core.exceptions import FieldError

        from innerchild.journal.models import Affirmation

        with self.assertRaisesMessage(FieldError, "is encrypted: it cannot be filtered by content"):
            Affirmation.objects.filter(text="anything")

    def test_checking_for_empty_values_still_works(self):
        from innerchild.journal.models import Affirmation

        self.assertIn("IS NULL", str(Affirmation.objects.filter(text__isnull=True).query))
