"""Drug cards, their names and the never-intrathecal refusal."""
