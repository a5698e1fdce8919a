"""Pages that belong to no SOP: the home page, health check, language choice."""
