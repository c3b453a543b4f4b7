"""A review of batch23's rules (`tests/test_names_and_kinds.py`) found each of these: a
section's name or a banner taken for the story's title where the <title> names neither, a
malformed link that broke the page's reading, a brand's short name that hid its full one, a
menu's toggle or another site's root taken for the brand, a section's banner or a slug read
as the page's kind, a folder below the documents' taken for theirs, a region's variant taken
for a translation, and a date's parts run together."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import _unjoined
from crawler.extraction.elements import shown_site_name

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = (
    "Ambassador John Smith presented his credentials to the President today at a ceremony in"
    " the Palace of Serbia, marking the start of his mandate. "
) * 3
URL = "https://www.freedonia-embassy.example/en/news/ambassador-presents-credentials"


def _read(html: str, url: str = URL, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _titled(title: str, og: str, above: str, heading: str) -> str:
    return (
        f"<html lang='en'><head><title>{title}</title>"
        f"<meta property='og:title' content='{og}'></head><body>"
        f"<div id='content'>{above}<h1>{heading}</h1>"
        f"<p>4 December 2026</p><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "og", "above"),
    [
        # a section's name over the heading, the <title> the section's and the site's
        (
            "News | Embassy of Freedonia in Belgrade",
            "Ambassador presents credentials to President",
            "<h2>News</h2>",
        ),
        # the site's banner over the heading, the <title> the site's and the section's
        (
            "Embassy of Freedonia - News",
            "Ambassador presents credentials to President",
            "<div id='top'><h2>Embassy of Freedonia</h2></div>",
        ),
        # a title that holds separators: its <title> says it in parts side by side
        (
            "Serbia – Freedonia: new era of cooperation | Embassy of Freedonia",
            "Serbia – Freedonia: new era of cooperation",
            "<h3>Serbia</h3>",
        ),
    ],
)
def test_a_line_over_the_heading_the_title_names_in_part_is_no_title(
    title: str, og: str, above: str
) -> None:
    heading = "Ambassador Smith presents his credentials to President Vučić"
    article = _read(_titled(title, og, above, heading))
    assert isinstance(article, Article), article
    assert article.title == og


@pytest.mark.parametrize(
    "link",
    [
        '<a hreflang="fr" href="http://[fr.example.com/fr/news/x">Version française du site</a>',
        '<a href="https://[www.freedonia.example/"><span>Embassy of Freedonia</span></a>',
    ],
)
def test_a_malformed_link_in_the_header_loses_no_story(link: str) -> None:
    html = (
        "<html lang='en'><head><title>Minister meets Ambassador | Embassy of Freedonia</title>"
        f"</head><body><header>{link}</header><article><h1>Minister meets Ambassador</h1>"
        f"<p>4 December 2026</p><p>{PROSE}</p></article></body></html>"
    )
    article = _read(html, "https://www.freedonia.example/en/news/minister-meets-ambassador")
    assert isinstance(article, Article), article
    assert article.title == "Minister meets Ambassador"


def _named(title: str, header: str) -> str:
    return shown_site_name(
        lxml.html.fromstring(
            f"<html><head><title>{title}</title></head><body><header>{header}</header>"
            "<main><h2>Ambassador meets Minister</h2><p>Text.</p></main></body></html>"
        ),
        "https://www.freedonia.example/en/news/ambassador-meets-minister",
    )


def test_a_brands_short_name_does_not_hide_its_full_name() -> None:
    header = '<a href="/"><span>MOD</span></a><h1>Ministry of Defence</h1>'
    title = "Ambassador meets Minister | MOD | Ministry of Defence"
    assert _named(title, header) == "Ministry of Defence"


@pytest.mark.parametrize(
    ("title", "header"),
    [
        (
            "Ambassador meets Minister | Press Releases | Embassy of Freedonia",
            '<ul><li><a href="#"><span>Press Releases</span></a></li></ul>',
        ),
        (
            "Ambassador meets Minister | Ministry of Foreign Affairs of Freedonia",
            '<a href="https://www.mfa.freedonia.example/"><span>Ministry of Foreign Affairs of'
            " Freedonia</span></a>",
        ),
    ],
)
def test_a_menus_toggle_or_another_sites_root_names_no_site(title: str, header: str) -> None:
    assert _named(title, header) == ""


def _labelled(label: str, url: str) -> Article | Rejected:
    title = "Joint Statement of the Ministers of Foreign Affairs of Serbia and Hungary"
    html = (
        f"<html lang='en'><head><title>{title} | Ministry of Foreign Affairs</title></head>"
        f"<body><div id='content'><div class='section-title'>{label}</div><h1>{title}</h1>"
        f"<p>4 December 2026</p><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )
    return _read(html, url)


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("Documents", "https://www.mfa.example/en/foreign-policy/joint-statement-serbia-hungary"),
        ("Services", "https://www.embassy.example/en/services/visa-applications-resume-monday"),
        ("Document", "https://www.mfa.example/en/press-service/joint-statement-document"),
    ],
)
def test_a_sections_banner_or_a_slug_names_no_kind_of_page(label: str, url: str) -> None:
    assert isinstance(_labelled(label, url), Article)


def test_a_folder_below_the_documents_is_not_theirs() -> None:
    statement = (
        "Minister Petrović stated today that Montenegro remains fully committed to the reform"
        " agenda and to the protection of its citizens' rights in the accession process."
    )
    html = (
        "<html lang='sr'><head><title>Izjava ministra Petrovića | Ministarstvo</title></head>"
        "<body><main><h1>Izjava ministra Petrovića o pristupnim pregovorima</h1>"
        f"<p>4. decembar 2026.</p><p>{statement}</p><p>{statement}</p>"
        "<p><a href='/files/izjava.pdf'>Izjava (PDF)</a></p></main></body></html>"
    )
    url = "https://www.mfa.example/dokumenti/izjave/izjava-ministra-petrovica"
    assert isinstance(_read(html, url, ("sr-Latn",)), Article)


@pytest.mark.parametrize(
    ("lang", "page", "link"),
    [
        ("en-GB", "/en-gb/news/credentials", '<a hreflang="en-US" href="/en-us/news/credentials">'),
        ("sr", "/sr-latn/vesti/akreditivi", '<a lang="sr-Cyrl" href="/sr-cyrl/vesti/akreditivi">'),
    ],
)
def test_a_regions_or_a_scripts_variant_is_no_translation(lang: str, page: str, link: str) -> None:
    html = (
        f"<html lang='{lang}'><head><title>Credentials | Embassy</title></head><body>"
        f"<div class='region'>{link}US</a></div><main><h1>Credentials presented</h1>"
        f"<p>4 December 2026</p><p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, f"https://www.embassy.example{page}")
    assert isinstance(article, Article), article
    assert article.translations == ()


def test_a_date_in_parts_is_not_run_together() -> None:
    tree = lxml.html.fromstring(
        "<html><body><article><div class='meta'><span>17</span><span>November</span>"
        "<span>2026</span></div><h2>Minister at the meeting</h2><p>The Minister attended the"
        " meeting.</p></article></body></html>"
    )
    text = "17 November 2026 Minister at the meeting The Minister attended the meeting."
    assert _unjoined(text, tree) == text
