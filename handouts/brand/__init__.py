"""brand."""
