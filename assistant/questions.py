"""Splits a message that asks several questions into its questions.

"what is mrd? and is cd19 bad?" holds two questions; a story followed by one
question holds one. Only sentences that read as questions count, so the story
around them stays with the message as a whole.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List

MAX_PARTS = 6  # more than this is a pasted list, not a set of questions

_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|\n+")
_ALSO = re.compile(r"\s+(?:and also|also|and then|plus|and|y tambien|tambien|y ademas|ademas|y)\s+"
                   r"(?=(?:what|why|how|is|are|can|could|does|do|should|will|which|who|when|where|"
                   r"que|qu\u00e9|como|c\u00f3mo|cuando|cu\u00e1ndo|cual|cu\u00e1l|cuanto|cu\u00e1nto|por que|por qu\u00e9|"
                   r"xq|puede|hay|tiene|debo|debemos|"
                   # Spanish second questions open with more words ("y cuáles son
                   # los números", "y mi hija lo tiene?", "y se le pega?")
                   r"cuales|cu\u00e1les|cuantos|cu\u00e1ntos|cuantas|cu\u00e1ntas|donde|d\u00f3nde|quien|qui\u00e9n|"
                   r"se|es|son|lo|le|eso|esto|mi|va|van)\b)", re.IGNORECASE)
# English and Spanish words that open a question (Spanish read without accents).
_QUESTION_WORDS = frozenset(
    "what whats why how is are can could does do should will would which who where when wat wht whats y isnt "
    "arent doesnt "
    "que ke q como cuando donde cual cuales quien quienes cuanto cuantos cuanta cuantas xq porque puede pueden "
    "debo debemos deberia hay tiene tienen sera".split()
)
# Words after a Spanish "que" that make a wish, not a question.
_WISHES = frozenset("dios diosito tenga tengan tengas vaya este esten descanse pase pasen siga sigan".split())
_WORDS = re.compile(r"[a-z']+")
# A question asked as a wish to know, anywhere in the sentence ("he starts
# chemo, i want to know if he will be ok", "kiero saber si se va a curar").
_INDIRECT = re.compile(r"\b(?:i (?:want|wanna|need|would like) to (?:know|understand)|i wonder|tell me if|"
                       r"(?:quiero|kiero|quisiera|necesito|me gustaria|queremos|kisiera) (?:saber|entender))\b|"
                       # someone else's question passed on ("mi pana quiere saber si se le pega", "mi hermana pregunta si")
                       r"\bwants? to know (?:if|whether)\b|\b(?:quiere|quieren|kiere) saber si\b|"
                       r"\bmi (?:mama|papa|esposo|esposa|hermana|hermano|suegra|hija|hijo) pregunta si\b")
# Not knowing what something is, said as a statement ("the report says B-ALL.
# i dont even know what that means"): it asks what it is.
_NOT_KNOWING = re.compile(r"\b(?:i|we) (?:dont|do not|didnt|did not|cant|can not|cannot) (?:even |really |actually |fully )?"
                          r"(?:know|understand|get) (?:what|wat)(?: \S+){0,3} (?:means?|is|are)\b|"
                          r"\bno (?:se|sabemos|entiendo|entendemos|entendi|sabiamos) (?:ni )?(?:que|ke|q|lo que) "
                          r"(?:es|significa|quiere decir|sera)\b")
_WHAT = frozenset("what whats wat que ke q".split())
_EMPHASIS = frozenset("even exactly actually really".split())
# "that", "it": the thing not known is named in the sentence before
_POINTING = frozenset("that this it thats eso esto".split())
# Words people put before a question ("ok and how long is it?", "y entonces que hacemos").
_LEAD_INS = frozenset("ok okay k kk so and but also well hi hey um oh then alright cool thanks thx right sorry one more last "
                      "y pero entonces oiga hola bueno pues disculpe perdon gracias este".split())


def _plain(text: str) -> str:
    """Lower case without accents: "¿Qué es?" reads "que es"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


# Openers that ask even inside a sentence that tells something first ("el
# doctor dijo que tiene la eme erre de negativo ... que es eso de
# consolidacion y que es eme erre de"): each starts a question of its own.
# A Spanish "que es" there asks only before "eso"/"esto" or after "y" ("lei que
# es el peor tipo" tells what was read).
_EMBEDDED = re.compile(r"\b(?:(?:(?<=\by )que (?:es|son)\b)|que (?:es|son) (?:eso|esto|esa|ese)\b|que significa|"
                       r"que quiere decir|what is|what are|what does|whats)\b")
# ...not what someone said or asked ("she asked what is going to happen").
_REPORTED = frozenset("asked asks told said says explained know knew wonder understand sure pregunto dijo explico sabe".split())
# "y lo de blina?": "and what about ..." in Spanish, with no question word.
_WHAT_ABOUT = ["y", "lo", "de"]
# A short question that points at what the sentence before told ("...tiene
# KMT2A rearranged. que carajo es eso", "...los testiculos. xq??"): read
# with that sentence, and so are the short why-questions right after it.
_SHORT_POINTING = 5
_WHY_FRAGMENT = re.compile(r"^(?:why|xq|porque|por que|por q)\b|\btiene (?:q|que) ver\b")
# Words that open a follow-up or a next question ("and will it grow back?",
# "and how long is treatment?"): shared with the router.
FOLLOW_ON = frozenset("and so but then also plus y pero entonces tambien ademas".split())


def _tokens(sentence: str) -> List[str]:
    return [w.replace("'", "") for w in _WORDS.findall(_plain(sentence))]


def _without_lead_ins(tokens: List[str]) -> List[str]:
    """"ok and how long is it?" read from "how"."""
    start = 0
    while start < len(tokens) and tokens[start] in _LEAD_INS:
        start += 1
    return tokens[start:]


def _reads_as_question(sentence: str) -> bool:
    stripped = sentence.strip()
    if stripped.endswith("?") or stripped.startswith("\u00bf"):
        return True
    if _INDIRECT.search(_plain(sentence)):
        return True
    raw = _tokens(sentence)
    if raw[:3] == _WHAT_ABOUT:
        return True
    tokens = _without_lead_ins(raw)
    if tokens[:2] in (["por", "que"], ["por", "q"], ["para", "que"]):
        return True  # "por que ...", "para que sirve ..."
    if tokens[:1] == ["que"] and (tokens[1:2] and tokens[1] in _WISHES or tokens[2:3] == ["vaya"]):
        return False  # "que Dios la bendiga", "que tenga buen dia": a wish
    return bool(tokens) and tokens[0] in _QUESTION_WORDS


# "ok three questions. 1 how long is treatment 2 will she need radiation":
# a number that starts an item of a list written on one line.
_LIST_NUMBER = re.compile(r"(?:(?<=\s)|^)([1-9])[).:]?\s+(?=[^\W\d_])")


def _numbered_items(text: str) -> str:
    """The message with each item of an in-line numbered list (1, 2, 3... in
    order, starting at 1) on its own line; unchanged when there is no such list."""
    marks = [m for m in _LIST_NUMBER.finditer(text)
             if m.group(0).rstrip()[-1] in ").:" or _reads_as_question(" ".join(text[m.end():].split()[:4]).rstrip("?"))]
    run = []
    for m in marks:
        if int(m.group(1)) == len(run) + 1:
            run.append(m)
    if len(run) < 2:
        return text
    for m in reversed(run):
        text = text[:m.start()] + "\n" + text[m.end():]
    return text


# Punctuation said aloud to voice typing ("...otra vez signo de pregunta y para que...").
# Not a mark the person writes about ("the report has a question mark next to Ph-like").
_DICTATED_MARK = re.compile(r"(?<!\ba)(?<!\bthe)(?<!\bun)(?<!\bel)(?<!\bany)\s+"
                            r"(?:question mark|signo de (?:pregunta|interrogaci[oó]n))\b", re.IGNORECASE)


def with_dictated_marks(text: str) -> str:
    """The message with dictated question marks written as marks."""
    low = text.lower()
    return _DICTATED_MARK.sub("?", text) if "question mark" in low or "signo de" in low else text


def split_sentences(text: str) -> List[str]:
    """The sentences of a message, stripped ("0.03%" stays whole: a point
    ends a sentence only before a space)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def split_questions(text: str) -> List[str]:
    """The questions of a message, in order; [text] when it asks one or none."""
    text = with_dictated_marks(text or "")
    sentences = split_sentences(_numbered_items(text))
    parts: List[str] = []
    leaned = -1  # the sentence whose part reads the telling before it
    for n, sentence in enumerate(sentences):
        if n and _points_back(sentence):
            parts.append(f"{sentences[n - 1]} {sentence}")  # "...says B-ALL. i dont know what that means"
            continue
        if n and leaned == n - 1 and _leans_on_telling(sentence, first=False):
            # "...me reviso los testiculos. xq?? q tiene q ver": a burst of short
            # questions about one telling stays one question
            parts[-1] = f"{parts[-1]} {sentence}"
            leaned = n
            continue
        if not _reads_as_question(sentence):
            parts.extend(_embedded_questions(sentence))
            continue
        for piece in _ALSO.split(sentence):
            piece = piece.strip(" ,;")
            if len(piece.split()) >= 2 and _reads_as_question(piece) or piece.endswith("?") and len(piece) > 3:
                if n and not _reads_as_question(sentences[n - 1]) and _leans_on_telling(piece, first=True):
                    piece = f"{sentences[n - 1]} {piece}"  # "...tiene KMT2A. que es eso", "...los testiculos. xq??"
                    leaned = n
                parts.append(piece)
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [text]
    return parts


def _leans_on_telling(piece: str, first: bool) -> bool:
    """A short question about what the sentence before told: one that points
    at it ("que es eso", "is that bad?") or a why-fragment ("xq??", "q tiene
    q ver"); the first may also be any question of two words ("why??")."""
    tokens = _tokens(piece)
    if not tokens or len(tokens) > _SHORT_POINTING or tokens[0] in FOLLOW_ON:
        return False
    return bool(_POINTING & set(tokens)) or bool(_WHY_FRAGMENT.search(" ".join(tokens))) or (first and len(tokens) <= 2)


def _embedded_questions(sentence: str) -> List[str]:
    """The questions asked inside a sentence that does not open as one: from
    each opener to the next (at least 3 words each), not reported speech."""
    plain = _plain(sentence)
    starts = [m.start() for m in _EMBEDDED.finditer(plain)
              if not set(plain[:m.start()].split()[-1:]) & _REPORTED]
    pieces = [sentence[a:b] for a, b in zip(starts, starts[1:] + [len(sentence)])]
    pieces = [re.sub(r"\s+(?:and|y|or|o)\s*$", "", p.strip(" ,;")) for p in pieces]
    return [p for p in pieces if len(p.split()) >= 3]


def _points_back(sentence: str) -> bool:
    """"i dont even know what that means": a short not-knowing sentence about
    something the sentence before named."""
    plain = _plain(sentence).replace("'", "")
    return bool(_NOT_KNOWING.search(plain)) and len(plain.split()) <= 10 and \
        bool(_POINTING & set(_WORDS.findall(plain)))


def asks_what_it_is(text: str) -> bool:
    """Does the message end by asking what "it" is ("...b-all they said. i dont
    even know what to ask. what even is it", "...dice KMT2A. que es eso?")?"""
    sentences = [s for s in _SENTENCE_END.split(text or "") if s and s.strip()]
    if not sentences:
        return False
    tokens = [t for t in _without_lead_ins(_tokens(sentences[-1])) if t not in _EMPHASIS]
    # "what is it", "what even is it", "que es eso", and "ke es" alone
    return tokens[:1] != [] and tokens[0] in _WHAT and (tokens[1:] in (["es"], ["is"]) or (
        len(tokens) == 3 and tokens[1] in ("is", "es") and tokens[2] in _POINTING))


def has_question(text: str) -> bool:
    """Does any sentence of the message read as a question?"""
    return any(_reads_as_question(s) for s in split_sentences(with_dictated_marks(text or "")))


def asking_sentences(text: str) -> str:
    """The sentences of a message that ask ("my son has ETV6-RUNX1. what do
    they do with the needle?" -> the second); the message when none does."""
    asking = [s for s in split_sentences(text) if _reads_as_question(s)]
    return " ".join(asking) or text


def focus(text: str) -> str:
    """The asking part of a long message: its question sentences and the
    sentence just before them ("she had fevers for weeks. is that a sign?").
    Empty when the message is one sentence or asks nothing."""
    sentences = split_sentences(text)
    asking = [n for n, s in enumerate(sentences) if _reads_as_question(s)]
    if len(sentences) < 2 or not asking:
        return ""
    first = max(0, asking[0] - 1)
    return " ".join([sentences[first]] + [sentences[n] for n in asking if n != first])
