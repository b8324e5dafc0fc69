"""The `claims` sub-commands, one module per concern; each imports the core lazily."""
