"""Signals other apps may listen to (through assessments.api)."""

from django.dispatch import Signal

# Sent after the transaction that scored an attempt commits; kwargs: user, attempt_id, instrument.
attempt_completed = Signal()
