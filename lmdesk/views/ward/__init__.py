"""Ward settings screen (issue 23): hospital, ward, users and the IT register, gate policy."""
