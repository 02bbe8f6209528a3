"""Calendar of the nation's important days and reminder planning (pure functions)."""
