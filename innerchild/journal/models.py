"""Journal data. Everything a person writes is an EncryptedTextField / EncryptedBinaryField.

What stays readable to the database (see docs/privacy.md): ids, dates, the format (`kind`),
numbers picked on a scale (pleasantness, energy, trigger intensity), the unmet need picked from a
fixed list, and the insights computed at save time. Words never do: search works through
keyed hashes of words in `EntryToken`, made with a per-person key that is itself encrypted.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedBinaryField, EncryptedTextField


class Kind(models.TextChoices):
    ENTRY = "entry", _("Journal entry")
    LETTER_TO = "letter_to", _("Letter to my younger self")
    LETTER_FROM = "letter_from", _("Letter from my younger self")
    DIALOGUE = "dialogue", _("Two-voice dialogue")
    TRIGGER = "trigger", _("Trigger log")
    SESSION = "session", _("Guided session")


class Voice(models.TextChoices):
    NOW = "now", _("Me now")
    LITTLE = "little", _("Little me")


MAX_BODY_CHARS = 100_000
MAX_TITLE_CHARS = 200


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntryQuerySet:
        """Only the owner ever sees an entry; facilitators see what a person shares elsewhere."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def saved(self) -> EntryQuerySet:
        return self.order_by("-created_at", "-id")


class Entry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ENTRY)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    title = EncryptedTextField(blank=True)
    body = EncryptedTextField(blank=True)
    # JSON lists and objects, encrypted as a whole.
    tags = EncryptedTextField(blank=True)
    signs = EncryptedTextField(blank=True)
    emotion = EncryptedTextField(blank=True)
    details = EncryptedTextField(blank=True)

    pleasantness = models.PositiveSmallIntegerField(null=True, blank=True)
    energy = models.PositiveSmallIntegerField(null=True, blank=True)
    intensity = models.PositiveSmallIntegerField(null=True, blank=True)
    need = models.CharField(max_length=32, blank=True)
    prompt_id = models.CharField(max_length=64, blank=True)
    # A stable reference from another app ("guide-session:<uuid>"), never free text.
    source = models.CharField(max_length=120, blank=True)
    # Keyed hash of the content (per-person key): import idempotence without storing plaintext.
    fingerprint = models.CharField(max_length=64, blank=True)

    # Insights computed at save time from the text; the text itself is not stored here.
    valence = models.FloatField(null=True, blank=True)
    insight_families = models.JSONField(default=list, blank=True)
    insight_signs = models.JSONField(default=list, blank=True)
    criticism_markers = models.PositiveSmallIntegerField(default=0)
    compassion_markers = models.PositiveSmallIntegerField(default=0)
    insight_language = models.CharField(max_length=8, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="journal_entry_owner_created"),
            models.Index(fields=["owner", "kind", "-created_at"], name="journal_entry_owner_kind"),
            models.Index(fields=["owner", "fingerprint"], name="journal_entry_fingerprint"),
            models.Index(fields=["owner", "source"], name="journal_entry_source"),
        ]

    def __str__(self) -> str:
        return self.title or str(Kind(self.kind).label)

    def get_absolute_url(self) -> str:
        return reverse("journal:entry", args=[self.id])

    @property
    def display_title(self) -> str:
        return self.title or str(Kind(self.kind).label)

    def _json(self, name: str, default):
        raw = getattr(self, name)
        if not raw:
            return default
        return json.loads(raw)

    @property
    def tag_list(self) -> list[str]:
        return self._json("tags", [])

    @property
    def sign_list(self) -> list[str]:
        return self._json("signs", [])

    @property
    def detail_data(self) -> dict:
        return self._json("details", {})

    @property
    def turns(self) -> list[dict]:
        return self.detail_data.get("turns", [])


class EntryToken(models.Model):
    """One keyed hash (HMAC-SHA256, first 8 bytes) of a normalised word or filter value.

    The database can match equal hashes but cannot tell which word made them; the key is the
    person's own SearchKey, so the same word gives different hashes for different people.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "token"], name="journal_token_unique")
        ]
        indexes = [models.Index(fields=["owner", "token", "entry"], name="journal_token_lookup")]

    def __str__(self) -> str:
        return f"token of {self.entry_id}"


class SearchKey(models.Model):
    """A random per-person key for the search hashes and fingerprints, encrypted at rest.

    Key rotation re-encrypts this row like any other, so the hashes stay valid; deleting the
    person deletes the key, and with it any meaning the hashes had.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_search_key"
    )
    key = EncryptedBinaryField()
    # The Snowball language the person's hashes were made with ("en", "es"); "" for an index of
    # whole words, made before stemming, until `innerchild journal reindex` rebuilds it.
    stemming = models.CharField(max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"search key of person {self.owner_id}"


class Draft(models.Model):
    """Autosaved form contents (encrypted) until the person saves or discards them."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_drafts"
    )
    # "new:<kind>" or "edit:<entry id>": one draft per form a person has open.
    slot = models.CharField(max_length=64)
    payload = EncryptedTextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "slot"], name="journal_draft_slot_unique")
        ]

    def __str__(self) -> str:
        return f"draft {self.slot} of person {self.owner_id}"

    @property
    def data(self) -> dict:
        return json.loads(self.payload)


class PromptShown(models.Model):
    """Which prompt was offered on which day (for which strongest signs), and whether it was used."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_prompts_shown"
    )
    prompt_id = models.CharField(max_length=64)
    day = models.DateField()
    signs_key = models.CharField(max_length=200, blank=True)
    shown_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "day"], name="journal_prompt_owner_day")]

    def __str__(self) -> str:
        return f"{self.prompt_id} on {self.day}"


class Affirmation(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_affirmations"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"affirmation {self.pk} of person {self.owner_id}"


class YoungerSelf(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_younger_self"
    )
    name = EncryptedTextField(blank=True)
    ages = EncryptedTextField(blank=True)
    needed = EncryptedTextField(blank=True)
    comforting_words = EncryptedTextField(blank=True)
    photo = EncryptedBinaryField(null=True, blank=True)
    photo_updated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"younger self of person {self.owner_id}"

    @property
    def has_photo(self) -> bool:
        return self.photo_updated_at is not None

    @property
    def screening_text(self) -> str:
        """Everything the person wrote in the profile, as one text for the safety screener."""
        parts = (self.name, self.ages, self.needed, self.comforting_words)
        return "\n".join(part for part in parts if part)


class ImportUpload(models.Model):
    """A journal export a person uploaded, and what importing it did.

    A small file is imported during the upload; a large one waits here, encrypted, for a worker
    (journal/tasks.py), and its content is removed as soon as it has been imported.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_imports"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    size = models.PositiveIntegerField(default=0)
    entries_found = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)  # entries a worker has gone through
    file_name = EncryptedTextField(blank=True)
    content = EncryptedBinaryField(null=True, blank=True)
    # What the import did (importing.ImportReport.as_dict) or why it could not, as JSON.
    report = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"journal import {self.pk} of person {self.owner_id}"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def report_data(self) -> dict:
        return json.loads(self.report) if self.report else {}
