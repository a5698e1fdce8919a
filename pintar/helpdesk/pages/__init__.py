"""HaloCik's handlers, one file per screen group: ``tickets`` (requesters and the ticket page),
``queue`` (the technicians' queue), ``inventory`` (repository and PCs)."""
