"""Signals other apps may listen to (through safety.api)."""

from django.dispatch import Signal

# Sent after the transaction that recorded a risk event commits; kwargs: event, user.
risk_event_recorded = Signal()
