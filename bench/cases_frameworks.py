"""Framework pages as a signed-in force planner (frameworks come from load_reference)."""

from bench.harness import Case

CASES = [
    Case(name="framework list", user_email="planner@example.com", url="/frameworks/"),
    Case(
        name="framework page (2021, 26 actions)",
        user_email="planner@example.com",
        url="/frameworks/vawg-framework-2021/v/1.0/",
    ),
    Case(
        name="framework page (2024, with mapping)",
        user_email="planner@example.com",
        url="/frameworks/vawg-framework-2024/v/1.0/",
    ),
    Case(
        name="framework comparison (2021 to 2024)",
        user_email="planner@example.com",
        url="/frameworks/compare/?from=vawg-framework-2021:1.0&to=vawg-framework-2024:1.0",
    ),
]
