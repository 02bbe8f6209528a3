"""Entry point for gunicorn (`--preload`): built once in the master, shared by the forks."""

from bot import create_app

app = create_app()
