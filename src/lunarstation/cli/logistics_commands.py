"""CLI commands of the logistics engine (registered on the shared app)."""
