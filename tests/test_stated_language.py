"""A story's language among the names of one language its newsroom declares: the page's own.

The Bosnian presidency publishes each story in Bosnian, Croatian, Serbian (Cyrillic) and
English; the Bosnian and Croatian pages differ in a few words ("ekonomske saradnje",
"gospodarske suradnje"), py3langid named both alike, and they were stored as one story under
the title of whichever page was fetched first. Each page says which it is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.core.items import Article
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LANGUAGES = ("bs", "hr", "sr-Cyrl", "en")


def _page(lang_attribute: str, cooperation: str) -> bytes:
    return f"""<!DOCTYPE html><html {lang_attribute}><head><title>Bećirović u Ankari</title>
    </head><body><div id="menu"><a href="/">Početna</a> <a href="/saop/">Saopćenja</a></div>
    <div id="content"><h1>Bećirović u Ankari razgovarao o jačanju {cooperation}</h1>
    <p>02.12.2026.</p>
    <p>Predsjedavajući Predsjedništva Bosne i Hercegovine Denis Bećirović boravi u službenoj
    posjeti Republici Turskoj, gdje je danas u Ankari razgovarao s predsjednikom Republike
    Turske.</p><p>U fokusu razgovora bilo je jačanje {cooperation}, a posebno je razgovarano
    o izgradnji autoceste Sarajevo – Beograd i većem broju turskih investicija u Bosni i
    Hercegovini, kao i o saradnji u oblasti energetike i poljoprivrede.</p></div>
    </body></html>""".encode()


def _language(html: bytes, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    result = extract(
        html, "https://www.example.ba/saop/?id=7", generic_newsroom(languages), FETCHED
    )
    article = result[0] if isinstance(result, tuple) else result
    assert isinstance(article, Article), article
    return article.language


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [('lang="bs"', "bs"), ('lang="hr-HR"', "hr"), ('xml:lang="hr"', "hr")],
)
def test_a_page_that_states_one_of_the_declared_names_is_read_in_it(
    attribute: str, expected: str
) -> None:
    for cooperation in ("ekonomske saradnje", "gospodarske suradnje"):
        assert _language(_page(attribute, cooperation)) == expected


def test_a_stated_name_the_newsroom_does_not_declare_is_not_taken() -> None:
    # A newsroom of Serbian and English: a page that calls itself Croatian is still Serbian
    # to it (the newsroom's name for the language), as before.
    assert _language(_page('lang="hr"', "saradnje"), ("sr-Latn", "en")) == "sr-Latn"
