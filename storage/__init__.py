"""Storage: the schema (`storage.models`), its migrations, and the repository over them."""
