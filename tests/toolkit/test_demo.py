from toolkit import demo
from toolkit.models import Behaviour, BehaviourOffence, Offence, Tactic


def test_small_scale_adds_nothing(toolkit_data):
    before = Behaviour.objects.count()
    demo.seed("small")
    assert Behaviour.objects.count() == before


def test_national_scale_multiplies_the_data_once(toolkit_data, monkeypatch):
    monkeypatch.setattr(demo, "COPIES", 2)
    demo.seed("national")
    demo.seed("national")
    assert Behaviour.objects.count() == 22 * 3
    assert Offence.objects.count() == 35 * 3
    assert Tactic.objects.count() == 23 * 3
    copy = Behaviour.objects.get(slug="stalking-demo-copy-2")
    assert copy.name == "Stalking (demo copy 2)"
    assert BehaviourOffence.objects.filter(behaviour=copy, offence__slug="pha-1997-s2a-demo-copy-2").exists()
