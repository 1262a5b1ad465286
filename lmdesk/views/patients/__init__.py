"""Patient list (search, sort) and patient form."""
