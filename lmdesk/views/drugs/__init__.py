"""Drug cards screen: search, card page, compare, PDF export."""
