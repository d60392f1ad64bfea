"""
The page after sign-in and the to-do list at national scale (150 actions a plan, every force):
the home page for the West Yorkshire planner and chief officer and for the national coordinator
(review queue and headline figures), and "Needs your attention" (to-dos gathered from every app's
todo.py, then notifications) for the same three people.
"""

from bench.harness import Case

PLANNER = "planner@example.com"
CHIEF = "chief@example.com"
COORDINATOR = "coordinator@example.com"

CASES = [
    Case(name="home page (planner, plan of 150 actions)", user_email=PLANNER, url="/"),
    Case(name="home page (chief officer)", user_email=CHIEF, url="/"),
    Case(name="home page (coordinator: review queue, headline)", user_email=COORDINATOR, url="/"),
    Case(name="home: attention page, to-dos and notifications (planner)", user_email=PLANNER, url="/attention/"),
    Case(name="home: attention page (chief officer)", user_email=CHIEF, url="/attention/"),
    Case(name="home: attention page (coordinator)", user_email=COORDINATOR, url="/attention/"),
]
