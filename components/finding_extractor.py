"""Rasa NLU component: tags findings (markers, genetic changes, tests,
treatments, topics) with their canonical ids, using the project's one
normaliser (assistant.vocabulary), so typos and synonyms resolve the same way
on every channel.

It also masks the tokens of specific findings (e.g. "CD19" becomes
"__marker__") before the featurizers see them, in training and at run time.
The intent classifier then learns the question's shape ("what does __marker__
mean") rather than the names of dozens of findings, and one intent serves
every finding, including ones its examples never named."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.vocabulary import Mention, Vocabulary, load_vocabulary


# Registered as a featurizer too, so Rasa also runs it over the training data.
@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
)
class FindingEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds one entity per finding named in the text: type as entity name,
    canonical id as value."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Finding types whose names are masked for the intent classifier. Topic
        # words ("tired", "microscope") stay: they tell the question type.
        return {"mask_types": ["marker", "genetic_change", "test", "treatment"]}

    def __init__(self, config: Dict[Text, Any], vocabulary: Optional[Vocabulary] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self.mask_types = set(self._config["mask_types"])
        self.vocabulary = vocabulary or load_vocabulary()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FindingEntityExtractor":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            text = message.get(TEXT)
            if text and message.get(TOKENS_NAMES[TEXT]):
                self._mask(message, self.vocabulary.find(text))
        return training_data

    def _mask(self, message: Message, mentions: List[Mention]) -> None:
        """Replaces each masked finding's tokens with one placeholder token."""
        tokens: List[Token] = message.get(TOKENS_NAMES[TEXT]) or []
        spans = [(m.start, m.end, f"__{m.finding.type}__") for m in mentions if m.finding.type in self.mask_types]
        if not tokens or not spans:
            return
        masked: List[Token] = []
        last_span = None
        for token in tokens:
            span = next((s for s in spans if token.start < s[1] and s[0] < token.end), None)
            if span is None:
                masked.append(token)
            elif span is not last_span:
                masked.append(Token(span[2], token.start, token.end, data=token.data, lemma=span[2]))
            last_span = span
        message.set(TOKENS_NAMES[TEXT], masked)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            mentions = self.vocabulary.find(text)
            self._mask(message, mentions)
            found = [
                {
                    "entity": m.finding.type,
                    "value": m.finding.id,
                    "start": m.start,
                    "end": m.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for m in mentions
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
