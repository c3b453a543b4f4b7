"""Dedup keys (`crawler.core.keys`): canonical URLs per CMS family (parameter order, empty and
tracking parameters, ports, case, comment and locale pages), and the normalised-text hash that
joins twins in two scripts and retyped punctuation but keeps different words apart."""

from __future__ import annotations

import itertools
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.families import FAMILIES
from crawler.core.keys import (
    TextKeys,
    canonical_url,
    content_hash,
    normalise_text,
    signature,
    text_keys,
)
from crawler.core.language import to_latin

CUTENEWS = FAMILIES["cutenews"].url_rules
MLO = FAMILIES["nato-mlo"].url_rules
HQ = FAMILIES["nato-hq"].url_rules


def test_cutenews_parameters_order_and_empties_do_not_matter() -> None:
    base = "http://nato-brussels.mfa.gov.rs/index.php"
    params = [
        ("subaction", "showfull"),
        ("id", "1510741020"),
        ("archive", ""),
        ("start_from", ""),
        ("ucat", "1"),
    ]
    spellings = {
        canonical_url(f"{base}?{urlencode(order)}&", CUTENEWS)
        for order in itertools.permutations(params)
    }
    assert spellings == {f"{base}?id=1510741020&subaction=showfull"}


def test_cutenews_comment_pages_are_the_story() -> None:
    comments = (
        "http://nato-brussels.mfa.gov.rs/index.php?subaction=showcomments&id=7&archive=&ucat=1"
    )
    story = "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=7&archive="
    assert canonical_url(comments, CUTENEWS) == canonical_url(story, CUTENEWS)


def test_cutenews_archived_story_keeps_its_archive() -> None:
    # Without `archive` CuteNews looks for the id among the active news and finds nothing.
    archived = "http://x.rs/index.php?subaction=showfull&id=7&archive=1483228800&ucat=1"
    assert canonical_url(archived, CUTENEWS) == (
        "http://x.rs/index.php?archive=1483228800&id=7&subaction=showfull"
    )
    assert FAMILIES["cutenews"].is_story_url(canonical_url(archived, CUTENEWS))


def test_cutenews_archive_pages_stay_apart() -> None:
    one = canonical_url(
        "http://x.rs/index.php?start_from=4&ucat=&archive=&subaction=&id=&", CUTENEWS
    )
    two = canonical_url("http://x.rs/index.php?start_from=8", CUTENEWS)
    assert one != two
    assert canonical_url("http://x.rs/index.php", CUTENEWS) == "http://x.rs/"


def test_aspnet_paths_are_case_insensitive() -> None:
    a = "https://jfcnaples.nato.int/MLO_Belgrade/Newsroom/News-Archive/2021/Serbia-and-NATO/"
    b = "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/2021/serbia-and-nato"
    assert canonical_url(a, MLO) == canonical_url(b, MLO) == b


def test_nato_selected_locale_is_one_article() -> None:
    plain = "https://www.nato.int/cps/en/natohq/news_125357.htm"
    for variant in (plain + "?selectedLocale=en", plain + "?selectedLocale=fr"):
        assert canonical_url(variant, HQ) == plain
    assert canonical_url("https://www.nato.int/cps/fr/natohq/news_125357.htm", HQ) != plain


def test_tracking_parameters_default_ports_and_fragments_go() -> None:
    url = "HTTPS://Example.ORG:443/a/./b?utm_source=x&fbclid=1&q=2#top"
    assert canonical_url(url) == "https://example.org/a/b?q=2"


URLS = st.builds(
    lambda host, path, params: f"http://{host}/{path}?{urlencode(params)}",
    st.sampled_from(["example.org", "nato-brussels.mfa.gov.rs", "WWW.NATO.INT"]),
    st.text(alphabet="abcXYZ019-_/.", max_size=30),
    st.lists(
        st.tuples(
            st.sampled_from(["id", "utm_source", "a", "ucat", "subaction"]),
            st.text(alphabet="abc123", max_size=4),
        ),
        max_size=5,
    ),
)


@given(URLS, st.sampled_from([CUTENEWS, MLO, HQ, FAMILIES["generic"].url_rules]))
def test_canonical_urls_are_a_fixed_point(url: str, rules: object) -> None:
    once = canonical_url(url, rules)  # type: ignore[arg-type]
    assert canonical_url(once, rules) == once  # type: ignore[arg-type]


@given(st.permutations([("b", "2"), ("a", "1"), ("c", "3")]))
def test_parameter_order_never_matters(params: list[tuple[str, str]]) -> None:
    assert canonical_url("http://x.org/p?" + urlencode(params)) == "http://x.org/p?a=1&b=2&c=3"


def test_twins_in_two_scripts_share_a_hash() -> None:
    cyrillic = "Министар одбране Александар Вулин састао се данас са Роуз Гетемелер."
    latin = "Ministar odbrane Aleksandar Vulin sastao se danas sa Rouz Getemeler."
    assert content_hash(cyrillic) == content_hash(latin)


def test_retyped_punctuation_and_spacing_share_a_hash() -> None:
    a = "He said: “Cooperation is a win-win.”\n\nThe Secretary General left."
    b = 'He said: "Cooperation is a win-win."  The   Secretary General left. '
    assert content_hash(a) == content_hash(b)


def test_different_words_differ() -> None:
    assert content_hash("NATO welcomed Serbia.") != content_hash("NATO welcomed Montenegro.")


@given(st.text())
def test_normalisation_is_idempotent_and_script_blind(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_text(to_latin(text)) == once


@given(st.text())
def test_a_texts_keys_are_its_hash_and_its_signature(text: str) -> None:
    # Made in one go in a worker (the text normalised once), stored and compared one by one.
    assert text_keys(text) == TextKeys(content_hash(text), signature(text))
    assert text_keys(to_latin(text)) == text_keys(text)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("HTTP://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
    ],
)
def test_ipv6_hosts_keep_their_brackets(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert urlsplit(canonical_url(url)).hostname == urlsplit(url).hostname.lower()  # type: ignore[union-attr]
