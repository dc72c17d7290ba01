"""CLI commands of the environment engine (registered on the shared app)."""
