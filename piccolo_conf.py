"""Piccolo's configuration: the engine and the apps (Piccolo's CLI imports this file)."""

from piccolo.conf.apps import AppRegistry

from pintar.db import engine
from pintar.modules import MODULES

DB = engine()  # made by pintar.db, the one owner of the engine

APP_REGISTRY = AppRegistry(apps=[f"pintar.{name}.piccolo_app" for name in MODULES])
