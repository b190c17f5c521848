"""The web observatory and JSON API (FastAPI, Jinja2 templates, served by uvicorn)."""

from .app import create_app

__all__ = ["create_app"]
