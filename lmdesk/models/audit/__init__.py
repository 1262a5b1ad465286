"""Audited changes: the event a row records and how it is worded when read."""
