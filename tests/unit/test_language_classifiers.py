"""The per-language intent classifiers learn from their own examples
(components/language_classifiers.py)."""
import yaml

from components.language_classifiers import spanish_examples
from tests.paths import REPO


def _blocks(name):
    return {b["intent"]: [l[2:].strip() for l in b["examples"].splitlines() if l.startswith("- ")]
            for b in yaml.safe_load((REPO / "data" / name).read_text(encoding="utf-8"))["nlu"] if b.get("intent")}


def test_every_intent_has_spanish_examples():
    english, spanish = _blocks("nlu.yml"), _blocks("nlu_es.yml")
    assert set(english) == set(spanish)
    assert all(len(spanish[i]) >= 15 for i in english), {i: len(spanish[i]) for i in english if len(spanish[i]) < 15}


def test_no_english_example_is_taken_for_spanish():
    english = {t for ts in _blocks("nlu.yml").values() for t in ts}
    assert not english & spanish_examples()
