"""The abuse limits (issue 7, finding 7) come from the environment and reach axes and DRF."""

from .test_settings import PRODUCTION_ENV, _manage

_PRINT = (
    "from django.conf import settings as s; from rest_framework.settings import api_settings as a; "
    "from axes.handlers.proxy import AxesProxyHandler as h; "
    "print(s.TRUSTED_PROXY_COUNT, a.NUM_PROXIES, s.AXES_FAILURE_LIMIT, s.AXES_ACCOUNT_FAILURE_LIMIT, "
    "s.PASSWORD_RESET_LIMIT_PER_EMAIL, s.PASSWORD_RESET_LIMIT_PER_CLIENT, "
    "a.DEFAULT_THROTTLE_RATES['anon'], a.DEFAULT_THROTTLE_RATES['user'], "
    "a.DEFAULT_THROTTLE_RATES['toolkit_search'], type(h.get_implementation()).__name__, "
    "s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
)


def test_the_defaults_are_safe_without_a_proxy():
    result = _manage("shell", "-v", "0", "-c", _PRINT, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "0", "0", "5", "50", "3", "10", "300/hour", "5000/hour", "120/minute", "AxesHandler", "LocMemCache",
    ]


def test_every_limit_is_read_from_the_environment():
    env = {
        **PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2", "AXES_FAILURE_LIMIT": "7", "AXES_ACCOUNT_FAILURE_LIMIT": "70",
        "PASSWORD_RESET_LIMIT_PER_EMAIL": "2", "PASSWORD_RESET_LIMIT_PER_CLIENT": "20",
        "API_THROTTLE_ANON": "10/minute", "API_THROTTLE_USER": "100/minute", "TOOLKIT_SEARCH_THROTTLE": "30/minute",
        "CACHE_URL": "redis://127.0.0.1:6379/9",
    }
    result = _manage("shell", "-v", "0", "-c", _PRINT, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "2", "2", "7", "70", "2", "20", "10/minute", "100/minute", "30/minute", "AxesHandler", "RedisCache",
    ]
