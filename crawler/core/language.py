"""Language and script of a text (``en``, ``sr-Latn``, ``sr-Cyrl``) and Serbian transliteration.

The language is chosen among those the newsroom declares, using py3langid's ranking of the
text; the script is counted from the letters. Pure functions.

A story in a language the newsroom does not declare (German on a newsroom of ``["en"]``) is
stored with its own tag (``de``), never skipped and never relabelled as a declared language:
a mission that publishes off its usual languages is still news, and ``?language=`` feeds keep
it out of the feeds of the declared ones. (Family URL rules that name a language, such as NATO
HQ's ``/cps/ru/``, are a different matter: links to undeclared languages are not followed.)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["MARKS", "detect_language", "script_of", "to_latin"]

#: The marks written on letters (Unicode's Mn and Mc), escaped for a regex's class: a Hindi
#: word's vowel signs, Thai's and Burmese's tone and vowel signs, Arabic's harakat; part of a
#: word, though no ``\w`` to a regex.
MARKS = "".join(
    re.escape(chr(code))
    for code in range(0x300, 0x10000)
    if unicodedata.category(chr(code)) in ("Mn", "Mc")
)

# Serbian Cyrillic -> Gaj's Latin alphabet, letter for letter (the official correspondence).
_SR_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
_SR_LATIN = (
    "a",
    "b",
    "v",
    "g",
    "d",
    "đ",
    "e",
    "ž",
    "z",
    "i",
    "j",
    "k",
    "l",
    "lj",
    "m",
    "n",
    "nj",
    "o",
    "p",
    "r",
    "s",
    "t",
    "ć",
    "u",
    "f",
    "h",
    "c",
    "č",
    "dž",
    "š",
)
_TO_LATIN: dict[int, str] = {}
for _cyr, _lat in zip(_SR_CYRILLIC, _SR_LATIN, strict=True):
    _TO_LATIN[ord(_cyr)] = _lat
    _TO_LATIN[ord(_cyr.upper())] = _lat[0].upper() + _lat[1:]

# Languages py3langid cannot tell apart on short texts: one standard language, several names.
# The group takes the name its newsroom declares (a Croatian embassy's "hr"), else "sr".
_SAME_LANGUAGE = frozenset({"sr", "hr", "bs", "me"})


def to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic to Latin script; other characters are kept."""
    return text.translate(_TO_LATIN)


def script_of(text: str) -> str | None:
    """``Cyrl`` or ``Latn``: the script of most letters in ``text`` (None without letters)."""
    cyrillic = latin = 0
    for char, count in Counter(text).items():  # each letter's name looked up once
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith("CYRILLIC"):
                cyrillic += count
            elif name.startswith("LATIN"):
                latin += count
    if cyrillic == latin == 0:
        return None
    return "Cyrl" if cyrillic > latin else "Latn"


#: Characters of a text that its language is told by: py3langid reads every byte it is given,
#: and on the 4,009 texts of extraction-dev and the fixtures (English, Serbian in both scripts,
#: French, German, Russian, Slovenian) the first 600 give the tag the first 2,000 gave, at 43%
#: of the cost.
SAMPLE = 600


def detect_language(
    text: str, declared: Sequence[str] = (), stated: str | None = None
) -> str | None:
    """The BCP 47 tag of ``text``, preferring the tags in ``declared``; None for a text
    without letters.

    With ``declared = ("en", "sr-Latn", "sr-Cyrl")`` a Serbian text in Cyrillic is ``sr-Cyrl``.
    A text in a language the newsroom does not declare keeps its own tag (``fr``). ``stated``
    is the language its page says it is in (``<html lang="bs">``): of the names of one
    language the newsroom declares (Bosnian and Croatian), the page's own is the text's, where
    py3langid's ranking of them is a coin's toss.
    """
    sample = text[:SAMPLE]
    script = script_of(sample)  # None for Greek, Japanese, Arabic...: tagged without a script
    if script is None and not any(character.isalpha() for character in sample):
        return None
    bases = [tag.split("-")[0] for tag in declared]
    ranked = _rank(sample)
    # The group takes the name of its member the newsroom declares; of several it declares
    # (Serbian and Croatian), the one the page states, else the likelier; of none, Serbian.
    named = [base for base in dict.fromkeys(bases) if base in _SAME_LANGUAGE]
    likelihood = dict(ranked)
    own = (stated or "").replace("_", "-").split("-")[0].strip().casefold()
    if own in named and _declared_in(own, script, declared):
        group_name = own
    else:
        group_name = max(named, key=lambda b: likelihood.get(b, 0.0)) if named else "sr"
    probabilities: dict[str, float] = {}
    for lang, probability in ranked:
        merged = group_name if lang in _SAME_LANGUAGE else lang
        probabilities[merged] = probabilities.get(merged, 0.0) + probability
    best = max(probabilities, key=probabilities.__getitem__)
    # Prefer a declared language that is still a serious candidate: short, name-heavy press
    # releases make the ranking wobble between neighbours, and the newsroom knows its languages.
    declared_best = max(dict.fromkeys(bases), key=lambda b: probabilities.get(b, 0.0), default=None)
    if declared_best is not None and probabilities.get(declared_best, 0.0) >= 0.2:
        best = declared_best
    candidates = [t for t in declared if t.split("-")[0] == best]
    for tag in candidates:
        if tag.endswith(f"-{script}"):
            return tag
    if candidates:
        return candidates[0]
    if best == "sr" and script is not None:  # Serbian is written in both scripts
        return f"sr-{script}"
    return best


def _declared_in(name: str, script: str | None, declared: Sequence[str]) -> bool:
    """Whether the newsroom declares ``name`` in ``script``: a page in Cyrillic that calls
    itself Croatian (a template's ``lang="hr"`` on every page) is not, unless the newsroom
    says it writes ``hr-Cyrl``; in Latin, a name declared without a script is."""
    tags = {tag.casefold() for tag in declared}
    if script == "Cyrl":
        return f"{name}-cyrl" in tags
    return name in tags or f"{name}-{(script or '').casefold()}" in tags


def preload() -> None:
    """Load the language model now (a process that forks workers shares it with them)."""
    _identifier()


def _rank(text: str) -> list[tuple[str, float]]:
    return [(lang, float(score)) for lang, score in _identifier().rank(text)]


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    # The model is read-only once loaded; loading it lazily keeps imports cheap in workers.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
