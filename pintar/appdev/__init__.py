"""Application development (SOP-057): from the request memo to release and maintenance.

See docs/appdev.md for the files and the SOP step → code map.
"""
