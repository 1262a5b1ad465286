"""The ward server: the patient database on PostgreSQL, shared by a ward's workstations."""
