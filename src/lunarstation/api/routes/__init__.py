"""The API's routers, one per kind of object."""
