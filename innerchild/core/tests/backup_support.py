"""Run inside a real install (a subprocess) by test_backup: fill it, and describe every row."""

from __future__ import annotations

import hashlib
import io
import json

from django.core.management import call_command


def populate() -> None:
    from PIL import Image

    from innerchild.accounts.models import User
    from innerchild.journal.actions import do_save_draft, do_set_younger_self_photo

    call_command("migrate", verbosity=0)
    call_command("demo_data", verbosity=0, stdout=io.StringIO())
    member = User.objects.get(email="demo@innerchild.local")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, "JPEG")
    do_set_younger_self_photo(member, buffer.getvalue())
    do_save_draft(member, "new:entry", {"body": ["A draft kept in the backup."]})


def fingerprint() -> None:
    """Prints, per model, the row count and a hash of every row's decrypted values."""
    from innerchild.core.backup import _models

    result = {}
    for model in _models():
        rows = list(model._default_manager.order_by("pk").values())
        text = json.dumps(
            rows, sort_keys=True, default=lambda v: v.hex() if isinstance(v, bytes) else str(v)
        )
        result[model._meta.label] = [len(rows), hashlib.sha256(text.encode()).hexdigest()]
    print(json.dumps(result))
