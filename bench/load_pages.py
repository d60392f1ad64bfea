"""
The pages of the load scenario (bench/locustfile.py), and how to recognise each in gunicorn's
access log, so bench/load.py can report each page's server time. Pure: no locust, no Django.
"""

import re

TRIVIAL = "trivial: account page"

# name -> (method, path pattern). The locustfile sends each request with name=<name>.
PAGES: dict[str, tuple[str, re.Pattern]] = {
    TRIVIAL: ("GET", re.compile(r"^/accounts/account/$")),
    "health: /healthz": ("GET", re.compile(r"^/healthz$")),
    "sign in (POST)": ("POST", re.compile(r"^/accounts/login/$")),
    "plan list": ("GET", re.compile(r"^/plans/$")),
    "plan overview": ("GET", re.compile(r"^/plans/\d+/$")),
    "plan actions": ("GET", re.compile(r"^/plans/\d+/actions/$")),
    "action edit page": ("GET", re.compile(r"^/plans/\d+/actions/\d+/edit/$")),
    "action save (POST)": ("POST", re.compile(r"^/plans/\d+/actions/\d+/edit/$")),
    "sign-off page": ("GET", re.compile(r"^/plans/\d+/sign-off/$")),
    "sign-off (POST)": ("POST", re.compile(r"^/plans/\d+/sign-off/$")),
    "review page": ("GET", re.compile(r"^/plans/\d+/review/$")),
    "needs your attention": ("GET", re.compile(r"^/attention/$")),
    "toolkit search (anonymous)": ("GET", re.compile(r"^/toolkit/$")),
    "toolkit tool (anonymous)": ("GET", re.compile(r"^/toolkit/tools/[\w-]+/$")),
    "API: tools list": ("GET", re.compile(r"^/api/v1/toolkit/tools/$")),
    "API: behaviours list": ("GET", re.compile(r"^/api/v1/toolkit/behaviours/$")),
}


def page_for(method: str, path: str) -> str | None:
    """The page a logged request belongs to, or None (a redirect target, a static file)."""
    path = path.split("?", 1)[0]
    for name, (page_method, pattern) in PAGES.items():
        if method == page_method and pattern.match(path):
            return name
    return None
