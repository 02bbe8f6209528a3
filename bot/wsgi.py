"""Entry point for gunicorn (`--preload`): built once in the master, shared by the forks."""

from bot import create_app
from bot.runtime import warm_up

warm_up()
app = create_app()
