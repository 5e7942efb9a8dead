"""Settings for the API benchmark's gunicorn: Ronten's own, with one bare view beside the API
(`bench.api_urls`).

    DJANGO_SETTINGS_MODULE=bench.api_server gunicorn config.wsgi
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_urls"
