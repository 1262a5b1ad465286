"""The patient and reference databases: connections, migrations, repositories, audit, backups."""
