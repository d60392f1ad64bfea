"""factory-boy factories: required fields only, unique values from sequences."""

import factory

from accounts.models import Force, Role, User


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-force-{n}")
    name = factory.Sequence(lambda n: f"Test Force {n}")
    kind = Force.Kind.TERRITORIAL
    nation = "England"
    region = "North West"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.FORCE_PLANNER
    force = factory.SubFactory(ForceFactory)
    password = factory.django.Password("correct-horse-battery")


class NationalUserFactory(UserFactory):
    role = Role.NATIONAL_COORDINATOR
    force = None
