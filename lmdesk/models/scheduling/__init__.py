"""Protocols, planning, calendar and dose rules, courses and what may be done to them."""
