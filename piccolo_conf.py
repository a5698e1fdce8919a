"""Piccolo's configuration: the engine and the apps (Piccolo's CLI imports this file)."""

from piccolo.conf.apps import AppRegistry

from pintar.db import make_engine
from pintar.modules import MODULES

DB = make_engine()

APP_REGISTRY = AppRegistry(apps=[f"pintar.{name}.piccolo_app" for name in MODULES])
