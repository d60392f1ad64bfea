"""Toolkit factories: required fields only, unique values from sequences."""

import factory

from toolkit.models import Behaviour, Category, Offence, Tactic


class BehaviourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Behaviour

    slug = factory.Sequence(lambda n: f"behaviour-{n}")
    name = factory.Sequence(lambda n: f"Behaviour {n}")
    category = Category.STREET_HARASSMENT
    summary = "A behaviour for a test."


class OffenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offence

    slug = factory.Sequence(lambda n: f"offence-{n}")
    name = factory.Sequence(lambda n: f"Offence {n}")
    act = "Test Act 2026"
    section = factory.Sequence(lambda n: str(n + 1))
    mode_of_trial = "summary"
    max_penalty = "fine"


class TacticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tactic

    slug = factory.Sequence(lambda n: f"tool-{n}")
    name = factory.Sequence(lambda n: f"Tool {n}")
    kind = Tactic.Kind.CIVIL_ORDER
