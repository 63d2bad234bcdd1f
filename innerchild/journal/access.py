"""Permission-checked lookups. Anyone but the owner gets 404: no hint that the thing exists."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from innerchild.journal.models import Affirmation, Entry, ImportUpload, YoungerSelf


def _uuid_or_404(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_entry_for(user, entry_id) -> Entry:
    return get_object_or_404(Entry.objects.visible_to(user), id=_uuid_or_404(entry_id))


def get_affirmation_for(user, affirmation_id: int) -> Affirmation:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Affirmation, owner=user, id=affirmation_id)


def get_younger_self_for(user) -> YoungerSelf | None:
    """The person's own profile without the photo bytes (they load only when served)."""
    if not user.is_authenticated:
        return None
    return YoungerSelf.objects.filter(owner=user).defer("photo").first()


def get_younger_self_photo_for(user, profile_id) -> bytes:
    if not user.is_authenticated:
        raise Http404
    profile = get_object_or_404(YoungerSelf, owner=user, id=_uuid_or_404(profile_id))
    if not profile.photo:
        raise Http404
    return bytes(profile.photo)


def get_import_for(user, upload_id) -> ImportUpload:
    return get_object_or_404(
        ImportUpload.objects.defer("content"), owner=user, id=_uuid_or_404(upload_id)
    )
