"""Every write of the care app, one module per feature: do_* functions, each in a transaction."""
