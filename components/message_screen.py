"""Rasa NLU component that runs after the intent classifier and overrides it:

- an urgent symptom ("fevr 39 on chemo") becomes intent `urgent_symptom`, so
  the urgent-care message wins over every other intent, on every channel,
  mid-conversation too;
- pasted report text ("CD19+, CD10+, TdT+", "55,XY,+4,+10,+21", several lines
  with findings) becomes intent `explain_report`;
- a message in another language becomes intent `non_english`.

The decisions are made by assistant.safety, assistant.report_reader and
assistant.language."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.language import load_language_guard
from assistant.report_reader import load_reader
from assistant.safety import load_safety

URGENT_INTENT = "urgent_symptom"
NON_ENGLISH_INTENT = "non_english"
REPORT_INTENT = "explain_report"
SCREEN_INTENTS = (URGENT_INTENT, NON_ENGLISH_INTENT)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageScreen(GraphComponent):
    """Overrides the predicted intent for urgent or non-English messages."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageScreen":
        return cls()

    def __init__(self) -> None:
        self.safety = load_safety()
        self.language = load_language_guard()
        self.reader = load_reader()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # button payloads are handled by Rasa's RegexMessageHandler
            if self.safety.screen(text).urgent:
                self._set_intent(message, URGENT_INTENT)
            elif self.reader.looks_like_report(text):
                self._set_intent(message, REPORT_INTENT)
            elif self.language.detect(text):
                self._set_intent(message, NON_ENGLISH_INTENT)
            else:
                self._drop_screen_intents(message)
        return messages

    @staticmethod
    def _drop_screen_intents(message: Message) -> None:
        """The classifier may not claim an intent only the screen decides."""
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get(INTENT_NAME_KEY) not in SCREEN_INTENTS]
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) in SCREEN_INTENTS and ranking:
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [intent] + [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get(INTENT_NAME_KEY) != name]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking[:10], add_to_output=True)
