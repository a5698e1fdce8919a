"""People, teams, roles, login and sessions, and the guards every route uses."""
