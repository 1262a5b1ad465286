"""Named clinicians and what each may do: roles, the IT register, the rights table (issue 23)."""
