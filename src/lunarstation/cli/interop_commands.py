"""CLI commands of the interop engine (registered on the shared app)."""
