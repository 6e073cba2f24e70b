"""The suggestions pages, a module per part of the loop (as in `suggestions.services`) plus the lists and
the unit pages; `step_pages` holds the page every step shares."""
