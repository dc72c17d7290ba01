"""CLI commands of the station engine (registered on the shared app)."""
