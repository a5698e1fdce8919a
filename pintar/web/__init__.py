"""The HTTP side shared by every module: app factory, access rules, rendering, errors."""
