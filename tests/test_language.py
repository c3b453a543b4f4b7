"""Languages and scripts (`crawler.core.language`): Serbian Cyrillic to Latin, the declared
language and script detected, an undeclared language kept as it is, and a story in a language
its newsroom does not declare stored with its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.language import _SR_CYRILLIC, detect_language, script_of, to_latin

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


_BOSNIAN_OR_CROATIAN = (
    "Predsjedavajući Predsjedništva Bosne i Hercegovine boravi u službenoj posjeti Republici"
    " Turskoj, gdje je danas u Ankari razgovarao s predsjednikom Republike Turske."
)


@pytest.mark.parametrize(
    ("stated", "expected"),
    [("bs", "bs"), ("bs-BA", "bs"), ("hr", "hr"), ("HR-hr", "hr")],
)
def test_of_the_names_a_newsroom_declares_the_page_states_its_own(
    stated: str, expected: str
) -> None:
    # The Bosnian presidency's Bosnian and Croatian pages of one story read alike: py3langid
    # named both by its likelier name, they were stored as one story, under the title of the
    # page fetched first. The page says which it is (<html lang="bs">).
    declared = ("bs", "hr", "sr-Cyrl", "en")
    assert detect_language(_BOSNIAN_OR_CROATIAN, declared, stated) == expected


@pytest.mark.parametrize("stated", [None, "", "de", "me", "en-US"])
def test_a_stated_language_the_newsroom_does_not_declare_names_nothing(
    stated: str | None,
) -> None:
    # WordPress's "en-US" over a Bosnian page, or a name the newsroom does not use: the
    # ranking names it, as without a stated language.
    declared = ("bs", "hr", "sr-Cyrl", "en")
    assert detect_language(_BOSNIAN_OR_CROATIAN, declared, stated) == detect_language(
        _BOSNIAN_OR_CROATIAN, declared
    )
    assert detect_language(_BOSNIAN_OR_CROATIAN, declared) in ("bs", "hr")


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


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        (
            "Ο Πρέσβης της Ελλάδος στο Βελιγράδι συναντήθηκε σήμερα με την Υπουργό Ενέργειας.",
            ("el", "en", "sr-Latn"),
            "el",
        ),
        ("在セルビア日本国大使館は本日、ベオグラードで日本文化週間を開催しました。", ("en",), "ja"),
    ],
)
def test_a_text_in_neither_latin_nor_cyrillic_letters_has_its_language(
    text: str, declared: tuple[str, ...], expected: str
) -> None:
    # A Greek embassy's stories were stored without a language: only Latin and Cyrillic
    # letters were counted as a script, and a text without a script had no language.
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        (("hr", "en"), "hr"),
        (("bs",), "bs"),
        (("en", "sr-Latn", "sr-Cyrl"), "sr-Latn"),
        (("en",), "sr-Latn"),
    ],
)
def test_serbo_croatian_takes_the_name_its_newsroom_declares(
    declared: tuple[str, ...], expected: str
) -> None:
    # A Croatian embassy's stories were tagged sr-Latn: the ranking's neighbours were merged
    # under "sr" whatever the newsroom said its language was.
    text = (
        "Veleposlanik je u ponedjeljak posjetio Hrvatsko nacionalno vijeće u Subotici, gdje je"
        " razgovarao s predstavnicima hrvatske zajednice o obrazovanju na hrvatskom jeziku."
    )
    assert detect_language(text, declared) == expected


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
    ],
)
def test_a_newsroom_of_croatian_and_serbian_keeps_serbians_scripts(text: str, expected: str):
    # Declaring Croatian beside Serbian must not turn Serbian in either script into "hr".
    assert detect_language(text, ("hr", "sr-Latn", "sr-Cyrl", "en")) == expected


def test_no_letters_no_language() -> None:
    assert detect_language("2017 — 12:43", DECLARED) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Experten aus den Mitgliedstaaten haben sich am Mittwoch im Hauptquartier getroffen,"
            " um über die Zusammenarbeit beim Katastrophenschutz zu beraten.",
            "de",
        ),
        (
            "Представници Министарства одбране разговарали су у среду у Бриселу о сарадњи у"
            " области цивилног планирања за ванредне ситуације.",
            "sr-Cyrl",
        ),
        (
            "Predstavnici Ministarstva odbrane razgovarali su u sredu u Briselu o saradnji u"
            " oblasti civilnog planiranja za vanredne situacije.",
            "sr-Latn",
        ),
    ],
)
def test_a_story_off_an_english_newsroom_languages_is_stored_with_its_own(
    text: str, expected: str
) -> None:
    # The policy of crawler.core.language: never skipped, never relabelled "en".
    assert detect_language(text, ("en",)) == expected
