from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.language import _SR_CYRILLIC, detect_language, script_of, to_latin

DECLARED = ("en", "sr-Latn", "sr-Cyrl")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Љубљана", "Ljubljana"),
        ("Њујорк", "Njujork"),
        ("Џон и ђак у ћуприји", "Džon i đak u ćupriji"),
        ("Министар одбране", "Ministar odbrane"),
    ],
)
def test_serbian_transliteration(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@given(st.text(alphabet=_SR_CYRILLIC + _SR_CYRILLIC.upper() + " .,", min_size=1))
def test_transliteration_leaves_no_cyrillic(text: str) -> None:
    assert script_of(to_latin(text)) in (None, "Latn")


@given(st.text(alphabet=st.characters(max_codepoint=0x24F)))
def test_transliteration_keeps_latin_text(text: str) -> None:
    assert to_latin(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Министар одбране Александар Вулин састао се данас са заменицом генералног "
            "секретара НАТО у Београду.",
            "sr-Cyrl",
        ),
        (
            "Ministar odbrane Aleksandar Vulin sastao se danas sa zamenicom generalnog "
            "sekretara NATO u Beogradu, gde su razgovarali o saradnji.",
            "sr-Latn",
        ),
        (
            "Defence Minister Aleksandar Vulin has met today with NATO Deputy Secretary "
            "General Rose Gottemoeller in Belgrade.",
            "en",
        ),
    ],
)
def test_detects_the_declared_language_and_script(text: str, expected: str) -> None:
    assert detect_language(text, DECLARED) == expected


def test_an_undeclared_language_keeps_its_own_tag() -> None:
    text = "Le Secrétaire général a rencontré le président de la Serbie à Belgrade vendredi."
    assert detect_language(text, DECLARED) == "fr"


def test_no_letters_no_language() -> None:
    assert detect_language("2017 — 12:43", DECLARED) is None
