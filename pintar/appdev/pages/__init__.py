"""The application development pages, one file per screen group; ``ROUTES`` collects them."""

from pintar.appdev.pages import catalogue, overview, requests

ROUTES = [*requests.ROUTES, *catalogue.ROUTES, *overview.ROUTES]
