"""The sentence encoder gives the embeddings it gave before its speed
reworks (values recorded from the first, layer-by-layer NumPy
implementation), and its ONNX graph matches the NumPy layers."""
import numpy as np
import pytest

from components.sentence_encoder import load_encoder


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def test_embeddings_match_the_recorded_values(encoder):
    rows = encoder.encode(["what does cd19 positive mean", "¿qué significa ERM negativa?"])
    assert rows.shape == (2, 384)
    assert np.allclose(rows[0][:6], [-0.05025, 0.03989, -0.02287, -0.06346, 0.00344, 0.06362], atol=2e-5)
    assert np.allclose(rows[1][:6], [0.06445, 0.03483, -0.04355, 0.05067, -0.05023, 0.01464], atol=2e-5)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_meaning_is_kept(encoder):
    catch, contagious, biopsy = encoder.encode(
        ["can my other kids catch leukemia", "is leukemia contagious", "what is a bone marrow biopsy"])
    assert catch @ contagious > catch @ biopsy + 0.2


def test_no_text_gives_no_rows(encoder):
    assert encoder.encode([]).shape == (0, 384)


@pytest.mark.parametrize("text", ["", "mrd", "what does cd19 positive mean",
                                  "¿qué significa ERM negativa? " * 3,
                                  "my daughter is 3 and they told us she has b all, what is it? " * 12])
def test_the_graph_matches_the_numpy_layers(encoder, text):
    ids = encoder.tokenizer.encode(text).ids
    graph, reference = encoder._encode_one(ids), encoder.reference_encode_one(ids)
    assert graph.shape == reference.shape == (384,)
    assert np.allclose(graph, reference, atol=1e-5)
