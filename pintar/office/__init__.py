"""The office itself: its name and code, time zone, office hours, rooms, holidays and closures."""
