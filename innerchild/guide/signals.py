"""Signals other apps may listen to (through guide.api)."""

from django.dispatch import Signal

# Sent after the transaction that completed a guided session commits; kwargs: user, run_id,
# script_id.
run_completed = Signal()
