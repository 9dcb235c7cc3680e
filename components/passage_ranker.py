"""Rasa NLU component: ranks the curated passages for each message
(assistant.ranker) and, when a message asks several questions, ranks each
question (assistant.questions). The result travels with the parse data to the
action server as `passage_ranking` and `question_parts`.

The sentence embedding is the one MiniLMSentenceFeaturizer already computed;
only the asking part of a long message (its question sentences) and each
question of a multi-question message are encoded again."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.followups import refers_back
from assistant.knowledge import load_knowledge
from assistant.questions import focus, split_questions
from assistant.language import LANGUAGES_FILE, load_language_guard, spanish_spelling
from assistant.safety import load_safety
from assistant.ranker import (NOT_COVERED_FILE, NOT_COVERED_INTENTS, QUESTIONS_FILE, RANKING_FILE, SPANISH_NOT_COVERED_FILE,
                              SPANISH_QUESTIONS_FILE, PassageIndex, file_fingerprint, load_not_covered, load_questions,
                              load_settings, to_payload, with_not_covered)
from assistant.vocabulary import CONTENT_DIR, VOCABULARY_FILE
from components.char_encoder import CharEncoder
from components.minilm_featurizer import EMBEDDING
from components.sentence_encoder import load_encoder

ROUTING_FILE = CONTENT_DIR / "routing.yml"
RANKING = "passage_ranking"
SHORT_PART_WORDS = 4  # a question this short is ranked with the whole message too
PARTS = "question_parts"
# The same, ranked on the Spanish questions, for a message too short to tell
RANKING_ES = "passage_ranking_es"
PARTS_ES = "question_parts_es"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PassageRanker(GraphComponent):
    """Adds the passage ranking (and per-question rankings) to each message."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, index: Optional[PassageIndex] = None,
                 spanish: Optional[PassageIndex] = None, spanish_encoder: Optional[CharEncoder] = None) -> None:
        self.model_storage = model_storage
        self.resource = resource
        self.index = index
        # Spanish messages are ranked on the Spanish example questions
        # (content/es/), same passages, with character n-gram vectors
        # (components/char_encoder.py says why) (issue 15).
        self.spanish = spanish
        self.spanish_encoder = spanish_encoder

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        # The example questions live outside Rasa's training data.
        code = Path(__file__).resolve().parent.parent / "assistant"
        return file_fingerprint(QUESTIONS_FILE, NOT_COVERED_FILE, SPANISH_QUESTIONS_FILE, SPANISH_NOT_COVERED_FILE,
                                RANKING_FILE, VOCABULARY_FILE, ROUTING_FILE, LANGUAGES_FILE,
                                code / "ranker.py", code / "questions.py", code / "language.py", Path(__file__),
                                Path(__file__).parent / "char_encoder.py")

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PassageRanker":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        kb = load_knowledge()
        outside = [m.get(TEXT) for m in training_data.intent_examples if m.get(INTENT) in NOT_COVERED_INTENTS]
        questions = with_not_covered(load_questions(), outside)
        self.index = PassageIndex.build(questions, load_encoder().encode, kb.vocabulary, load_settings(), kb.generic_findings)
        spanish = with_not_covered(load_questions(SPANISH_QUESTIONS_FILE), load_not_covered(SPANISH_NOT_COVERED_FILE))
        self.spanish_encoder = CharEncoder().fit([q for qs in spanish.values() for q in qs])
        self.spanish = PassageIndex.build(spanish, self.spanish_encoder.encode, kb.vocabulary, load_settings(),
                                          kb.generic_findings)
        with self.model_storage.write_to(self.resource) as folder:
            self.index.save(Path(folder))
            (Path(folder) / "es").mkdir()
            self.spanish.save(Path(folder) / "es")
            self.spanish_encoder.save(Path(folder) / "es")
        return self.resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PassageRanker":
        with model_storage.read_from(resource) as folder:
            index = PassageIndex.load(Path(folder))
            spanish = PassageIndex.load(Path(folder) / "es")
            spanish_encoder = CharEncoder.load(Path(folder) / "es")
        return cls(model_storage, resource, index, spanish, spanish_encoder)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None:
            return messages
        guard = load_language_guard()
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            findings = [e.get("value") for e in message.get(ENTITIES) or [] if isinstance(e.get("value"), str)]
            spanish = self.spanish is not None and guard.detect(text) == "es"
            self._rank(message, text, findings, spanish, RANKING, PARTS)
            if self.spanish is not None and not spanish and (not guard.is_english(text) or guard.mixes_in(text, "es")):
                # Too short to tell ("cuanto dura el tratamiento"): in a Spanish
                # conversation the action reads the Spanish ranking instead; a
                # message in both languages is ranked both ways as well.
                self._rank(message, text, findings, True, RANKING_ES, PARTS_ES)
        return messages

    def _rank(self, message: Message, text: str, findings: List[str], spanish: bool, ranking_key: str,
              parts_key: str) -> None:
        vocabulary = load_knowledge().vocabulary
        # "no tiene fiebre ni nada, pero esta decaido" is ranked without the fever it denies
        plain = load_safety().without_denied(text)
        denied = plain != text and bool(plain.strip())
        text = plain if denied else text
        if spanish:
            index, encode = self.spanish, self.spanish_encoder.encode
            text = spanish_spelling(text)  # "ke es kimio" is ranked as "que es quimio"
            vector = encode([text])[0]
        else:
            index, encode = self.index, load_encoder().encode
            vector = None if denied else message.get(EMBEDDING)
            if vector is None:
                vector = encode([text])[0]
        parts = split_questions(text)
        ranking = index.rank(vector, findings)
        asking = focus(text) if len(parts) == 1 else ""
        if asking and ranking[0].score < self.index.settings.confident:
            # A story then a question: the question may match better alone
            # (encoded only when the whole message found no sure match).
            vector = np.vstack([vector, encode([asking])[0]])
            ranking = index.rank(vector, findings)
        message.set(ranking_key, to_payload(ranking), add_to_output=True)
        if len(parts) > 1:
            vectors = encode(parts)
            payload = []
            for n, part in enumerate(parts):
                own = [m.finding.id for m in vocabulary.find(part)]
                part_vector = vectors[n]
                if not own and (refers_back(part) or len(part.split()) <= SHORT_PART_WORDS):
                    # "is that high?" leans on the rest of the message
                    part_vector = np.vstack([part_vector, vector[0] if vector.ndim == 2 else vector])
                ranking = index.rank(part_vector, own or findings)
                payload.append({"text": part, "findings": own, "ranking": to_payload(ranking)})
            message.set(parts_key, payload, add_to_output=True)
