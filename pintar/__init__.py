"""Portal Pintar: the SOP portal of a BPS office."""
