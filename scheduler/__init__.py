"""The clock process and what it plans: housekeeping now, reminders next."""
