"""
The load scenario for `make bench-load`: people using the portal at once, on national-scale demo
data (seed_demo --scale national). Run by bench/load.py, which starts the servers; see there.

- Force planners (most users) open their plan and its actions and save actions.
- Chief officers open plans awaiting their sign-off and sign them off.
- The national coordinator reviews submitted plans.
- Officers search the public toolkit without signing in.
- API clients page through the toolkit API (signed in as the analyst).

Every signed-in user also opens the account page now and then: the trivial page that each page's
time is compared with. Only 5xx answers and connection errors count as errors: a sign-off that
someone else already made, or a save over a newer version, is a correct refusal.
"""

import datetime
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PASSWORD = os.environ.get("BENCH_DEMO_PASSWORD", "demo-password-2026")

def _accounts(name: str) -> list[tuple[str, int | None]]:
    """`email=plan id` pairs from bench/load.py: who signs in, and the plan they work on."""
    pairs = []
    for item in os.environ.get(name, "").split(","):
        email, _, pk = item.partition("=")
        if email:
            pairs.append((email, int(pk) if pk else None))
    return pairs


# Planners of forces with a draft or returned plan, and chiefs of forces with a plan awaiting sign-off.
PLANNERS = _accounts("BENCH_PLANNERS") or [("planner@example.com", None)]
CHIEFS = _accounts("BENCH_CHIEFS") or [("chief@example.com", None)]
SEARCHES = ["stalking", "coercive control", "protection order", "harassment", "domestic abuse", "voyeurism",
            "spiking", "clare's law", "upskirting", "revenge porn", "forced marriage", "DVPO"]

_counter = {"n": 0}


class _Form(HTMLParser):
    """The fields of the page's main form, as a browser would submit them (checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


def _ok(response, allowed=(200, 302, 403, 404, 409)):
    if response.status_code >= 500 or response.status_code == 0:
        response.failure(f"{response.status_code}")
    elif response.status_code not in allowed:
        response.failure(f"unexpected {response.status_code}")
    else:
        response.success()


class _PlainHttpCookies(RequestsCookieJar):
    """
    Keep cookies as if they were not Secure. The portal runs with production settings, so its
    cookies are Secure; the bench talks plain http to 127.0.0.1, where they would never be sent back.
    """

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    own_plan: int | None = None

    def email(self) -> str:
        raise NotImplementedError

    def on_start(self):
        self.client.cookies = _PlainHttpCookies()
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/accounts/login/", {"csrfmiddlewaretoken": token, "username": self.email(), "password": PASSWORD},
            name="sign in (POST)", allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")
            else:
                response.success()
        self.plans = self._plan_ids()

    def _plan_ids(self) -> list[int]:
        html = self.client.get("/plans/", name="plan list").text
        return sorted({int(pk) for pk in re.findall(r'href="/plans/(\d+)/"', html)})

    def post_form(self, url: str, html: str, name: str, **overrides):
        fields = [(k, v) for k, v in form_fields(html) if k not in overrides]
        fields += list(overrides.items())
        with self.client.post(url, fields, name=name, allow_redirects=False, catch_response=True,
                              headers={"Referer": self.host + url}) as response:
            _ok(response)

    @task(1)
    def account(self):
        self.client.get("/accounts/account/", name="trivial: account page")


def _next(accounts: list[tuple[str, int | None]]) -> tuple[str, int | None]:
    _counter["n"] += 1
    return accounts[_counter["n"] % len(accounts)]


class Planner(SignedIn):
    weight = 20

    def email(self):
        email, self.own_plan = _next(PLANNERS)
        return email

    def on_start(self):
        super().on_start()
        self.actions: dict[int, list[str]] = {}  # the actions of each editable plan seen

    @task(3)
    def plan_pages(self):
        if not self.plans:
            return
        # Mostly their own plan; now and then another force's published plan.
        pk = self.own_plan if self.own_plan and random.random() < 0.75 else random.choice(self.plans)
        self.client.get(f"/plans/{pk}/", name="plan overview")
        html = self.client.get(f"/plans/{pk}/actions/", name="plan actions").text
        if f"/plans/{pk}/actions/new/" in html:  # the plan is editable (a draft, or returned)
            self.actions[pk] = re.findall(rf'href="(/plans/{pk}/actions/\d+/)"', html)

    @task(4)
    def edit_action(self):
        if not self.actions:
            return self.plan_pages()
        url = random.choice(random.choice(list(self.actions.values()))) + "edit/"
        with self.client.get(url, name="action edit page", catch_response=True) as response:
            _ok(response)
        if response.status_code == 200 and "Save action" in response.text:
            self.post_form(url, response.text, "action save (POST)", progress=str(random.randint(0, 100)))

    @task(1)
    def attention(self):
        self.client.get("/attention/", name="needs your attention")


class ChiefOfficer(SignedIn):
    weight = 6

    def email(self):
        email, self.own_plan = _next(CHIEFS)
        return email

    @task(3)
    def sign_off(self):
        if not self.plans:
            return
        pk = self.own_plan if self.own_plan and random.random() < 0.75 else random.choice(self.plans)
        self.client.get(f"/plans/{pk}/", name="plan overview")
        with self.client.get(f"/plans/{pk}/sign-off/", name="sign-off page", catch_response=True) as response:
            _ok(response)
        if response.status_code == 200 and "Sign off plan" in response.text:
            today = datetime.date.today()
            self.post_form(
                f"/plans/{pk}/sign-off/", response.text, "sign-off (POST)", rank="Deputy Chief Constable",
                signed_on_0=str(today.day), signed_on_1=str(today.month), signed_on_2=str(today.year),
            )


class Coordinator(SignedIn):
    weight = 4

    def email(self):
        return "coordinator@example.com"

    @task(3)
    def review(self):
        if not self.plans:
            return
        pk = random.choice(self.plans)
        with self.client.get(f"/plans/{pk}/review/", name="review page", catch_response=True) as response:
            _ok(response)

    @task(1)
    def plan_list(self):
        self.client.get("/plans/", name="plan list")


class AnonymousOfficer(HttpUser):
    weight = 15
    wait_time = between(1, 3)

    def on_start(self):
        html = self.client.get("/toolkit/", name="toolkit search (anonymous)").text
        self.tools = re.findall(r'href="(/toolkit/tools/[\w-]+/)"', html) or ["/toolkit/tools/dvpo/"]

    @task(3)
    def search(self):
        html = self.client.get("/toolkit/", params={"q": random.choice(SEARCHES)},
                               name="toolkit search (anonymous)").text
        self.tools = re.findall(r'href="(/toolkit/tools/[\w-]+/)"', html) or self.tools

    @task(2)
    def tool(self):
        self.client.get(random.choice(self.tools), name="toolkit tool (anonymous)")

    @task(1)
    def health(self):
        self.client.get("/healthz", name="health: /healthz")


class ApiClient(SignedIn):
    weight = 5

    def email(self):
        return "analyst@example.com"

    def _plan_ids(self):
        return []

    @task(3)
    def tools(self):
        self.client.get("/api/v1/toolkit/tools/", params={"page": random.randint(1, 20)}, name="API: tools list")

    @task(2)
    def behaviours(self):
        self.client.get("/api/v1/toolkit/behaviours/", params={"page": random.randint(1, 20)},
                        name="API: behaviours list")
