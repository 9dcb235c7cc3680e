"""Intent classifiers per language: Rasa's logistic regression, trained once
on the English examples (data/nlu.yml) and once on the Spanish ones
(data/nlu_es.yml). One bilingual classifier over both was worse for English:
on the English development sets, Spanish examples of `explain_report`,
`side_effects` and `express_feelings` pulled English messages that share
character n-grams ("how do i explain to my 6 year old...") into those intents
(set A 78.9% -> 77.2%). The Spanish classifier decides only for messages in
Spanish (assistant.language); both use the same features."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, List, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from assistant.language import load_language_guard

SPANISH_DATA = Path(__file__).resolve().parent.parent / "data" / "nlu_es.yml"


@lru_cache(maxsize=1)
def spanish_examples() -> FrozenSet[str]:
    """The texts of the Spanish training examples."""
    found = set()
    for block in yaml.safe_load(SPANISH_DATA.read_text(encoding="utf-8"))["nlu"]:
        if block.get("intent"):
            found.update(line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- "))
    return frozenset(found)


def _examples(training_data: TrainingData, spanish: bool) -> List[Message]:
    wanted = spanish_examples()
    return [e for e in training_data.intent_examples
            if e.get(INTENT) and e.get(TEXT) and (e.get(TEXT).strip() in wanted) == spanish]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EnglishIntentClassifier(LogisticRegressionClassifier):
    """The intent of every message, learnt from the English examples only."""

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        examples = _examples(training_data, spanish=False)
        return self._create_X(examples), [e.get(INTENT) for e in examples]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SpanishIntentClassifier(LogisticRegressionClassifier):
    """The intent of a message in Spanish, learnt from the Spanish examples;
    it replaces the English classifier's guess for those messages only."""

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        examples = _examples(training_data, spanish=True)
        return self._create_X(examples), [e.get(INTENT) for e in examples]

    def process(self, messages: List[Message]) -> List[Message]:
        guard = load_language_guard()
        spanish = [m for m in messages if guard.detect(m.get(TEXT) or "") == "es"]
        if spanish and hasattr(self.clf, "classes_"):
            super().process(spanish)
        return messages
