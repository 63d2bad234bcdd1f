"""Signals other apps may listen to (through journal.api)."""

from django.dispatch import Signal

# Sent after the transaction that created an entry commits; kwargs: user, entry_id, kind, prompt_id.
entry_created = Signal()
