"""Care forms, one module per feature: validation only."""
