"""The near-duplicate threshold, justified on a labelled set of story pairs.

Each file in ``tests/near_duplicates/`` is one pair of story texts, as the extractor stores them
(body only, no title; paragraphs separated by blank lines)::

    kind = "repost-credit-line"    # see KINDS
    label = "same"                 # "same": one item with both sources; "different": two items
    why = "one line: what makes the two texts one story, or two"
    source = "where the texts come from (fixture page, seed page, or written for the test)"
    a = '''...'''
    b = '''...'''

The product requirement: a story re-posted on another newsroom with other captions, another title
and a "Story by … (originally posted on …)" line is one item, and so is a story updated with a
paragraph or two; different stories from one template, or about the same event, stay apart.
Storage merges two texts in one base language when they share an LSH band key and their estimated
Jaccard similarity is at least `NEAR_DUPLICATE` (``storage.repository``).

Print the score table with ``python -m tests.test_near_duplicates``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.core.keys import NEAR_DUPLICATE, band_keys, normalise_text, signature, similarity
from crawler.core.language import to_latin

PAIRS_DIR = Path(__file__).parent / "near_duplicates"

#: Kinds of pair, and the label each kind must carry (None: either).
KINDS: dict[str, str | None] = {
    "repost-other-captions": "same",
    "repost-credit-line": "same",
    "repost-trimmed-lead": "same",
    "script-twin": "same",
    "edited-update": "same",
    "short-texts": None,
    "same-template": "different",
    "same-event": "different",
    "same-site-different-story": "different",
    "follow-up": "different",
    "similar-topic": "different",
    "translation": "different",
}
#: How far the lowest "same" score and the highest "different" score must each stay from the
#: threshold. A signature of 128 permutations estimates Jaccard similarity to about ±0.04, so
#: a pair closer than this to the threshold lands on either side depending on the wording.
MARGIN = 0.05


@dataclass(frozen=True)
class Pair:
    name: str
    kind: str
    label: str
    why: str
    source: str
    a: str
    b: str

    def __str__(self) -> str:
        return self.name


def load_pairs(directory: Path = PAIRS_DIR) -> list[Pair]:
    pairs = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data.pop("known_failure", None)
        pairs.append(Pair(name=path.stem, **data))
    return pairs


PAIRS = load_pairs()
SAME = [pair for pair in PAIRS if pair.label == "same"]
DIFFERENT = [pair for pair in PAIRS if pair.label == "different"]


@cache
def _signature(text: str) -> bytes:
    return signature(text)


def score(pair: Pair) -> float:
    return similarity(_signature(pair.a), _signature(pair.b))


def test_pairs_are_labelled_and_cover_every_kind() -> None:
    assert len(PAIRS) >= 30
    for pair in PAIRS:
        assert pair.label in ("same", "different"), pair
        assert pair.kind in KINDS, f"{pair}: unknown kind {pair.kind!r}"
        assert KINDS[pair.kind] in (None, pair.label), (
            f"{pair}: a {pair.kind} pair is never {pair.label}"
        )
        assert pair.why.strip() and "\n" not in pair.why, pair
        assert pair.source.strip(), pair
        assert pair.a != pair.b, f"{pair}: the two texts are one text"
    assert {pair.kind for pair in PAIRS} == set(KINDS)
    assert len(SAME) >= 15
    assert len(DIFFERENT) >= 15
    assert {pair.label for pair in PAIRS if pair.kind == "short-texts"} == {"same", "different"}


@pytest.mark.parametrize("pair", SAME, ids=str)
def test_one_story_is_a_near_duplicate(pair: Pair) -> None:
    value = score(pair)
    assert value >= NEAR_DUPLICATE, f"{pair.kind} scores {value:.3f}: {pair.why}"
    shared = set(band_keys(_signature(pair.a))) & set(band_keys(_signature(pair.b)))
    assert shared, f"{pair.kind}: no shared LSH band, storage never compares the two"


@pytest.mark.parametrize("pair", DIFFERENT, ids=str)
def test_different_stories_stay_apart(pair: Pair) -> None:
    value = score(pair)
    assert value < NEAR_DUPLICATE, f"{pair.kind} scores {value:.3f}: {pair.why}"


def test_threshold_is_not_a_knife_edge() -> None:
    lowest_same = min(SAME, key=score)
    highest_different = max(DIFFERENT, key=score)
    assert score(lowest_same) - NEAR_DUPLICATE >= MARGIN, (
        f"lowest 'same' pair {lowest_same} scores {score(lowest_same):.3f}"
    )
    assert NEAR_DUPLICATE - score(highest_different) >= MARGIN, (
        f"highest 'different' pair {highest_different} scores {score(highest_different):.3f}"
    )


def test_same_and_different_pairs_are_separated() -> None:
    """Whatever the threshold, the two labels must not overlap, with room for estimation error."""
    lowest_same = min(score(pair) for pair in SAME)
    highest_different = max(score(pair) for pair in DIFFERENT)
    assert lowest_same - highest_different >= 2 * MARGIN


# -- properties --------------------------------------------------------------------------------

_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
_SEPARATORS = st.sampled_from([" ", ", ", ". ", " - ", "\n\n", "„", "“ "])
_CYRILLIC_WORDS = st.text(alphabet=_CYRILLIC + _CYRILLIC.upper(), min_size=1, max_size=12)
_TEXTS = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")))
#: Distinct words of the labelled texts, for stories that are not one word repeated.
_VOCABULARY = sorted({word for pair in PAIRS for word in normalise_text(pair.a).split()})


@st.composite
def cyrillic_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_CYRILLIC_WORDS, min_size=1, max_size=80))
    separators = draw(st.lists(_SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(word + separator for word, separator in zip(words, separators, strict=True))


@settings(deadline=None)
@given(_TEXTS)
def test_a_text_is_its_own_near_duplicate(text: str) -> None:
    assert similarity(signature(text), signature(text)) == 1.0


@settings(deadline=None)
@given(_TEXTS, _TEXTS)
def test_similarity_is_symmetric(a: str, b: str) -> None:
    assert similarity(signature(a), signature(b)) == similarity(signature(b), signature(a))


@settings(deadline=None)
@given(cyrillic_texts())
def test_a_cyrillic_text_has_the_signature_of_its_latin_twin(text: str) -> None:
    assert signature(text) == signature(to_latin(text))


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(_VOCABULARY), min_size=60, max_size=200, unique=True),
    st.sampled_from(["NATO HQ", "MLO Belgrade", "the Mission of the Republic of Serbia to NATO"]),
)
def test_a_credit_line_keeps_a_story_a_near_duplicate(words: list[str], newsroom: str) -> None:
    story = " ".join(words)
    repost = f"{story}\n\nStory by {newsroom} (originally posted on nato.int)"
    assert similarity(signature(story), signature(repost)) >= NEAR_DUPLICATE


def main() -> None:
    """Print every pair's score, lowest first, and the extremes of each label."""
    print(f"{'score':>5}  {'label':9}  {'kind':25}  pair")
    for pair in sorted(PAIRS, key=score):
        print(f"{score(pair):5.3f}  {pair.label:9}  {pair.kind:25}  {pair.name}")
    print(f"min same {min(map(score, SAME)):.3f}, max different {max(map(score, DIFFERENT)):.3f}")


if __name__ == "__main__":
    main()
