"""Journal views, split by feature: entries, formats, profile, prompts and the JSON API."""
