"""Zoom's handlers, one file per screen group: ``booking`` (everyone: the calendar, requests,
a request's page and its one action endpoint), ``it`` (the queue, accounts, figures, links),
``public`` (the lobby kiosk and the iCal feeds, each behind its secret token)."""
