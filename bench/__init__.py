"""The city-scale benchmark (issue 9): a deterministic dataset generator, a real server under bounded load,
and the exports, scoring and reminders measured at street and city scale. Run with `python -m bench`."""
