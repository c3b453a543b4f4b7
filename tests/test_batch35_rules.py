"""General rules batch35 taught, each written from what the pages' kinds really show, not from
the blind sites' own pages: a dateline that opens a story ("BELGRADE, 29 November 2026 – ...")
says when it was filed, whatever days or periods its sentence names after it; and a page whose
date line dates a decision ("Датум одлуке: 15.10.2026.", "Date of judgment:") is a ruling a
court publishes, no story."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Reason, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import _linked

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)

_MORE = (
    "Visitors lined up for the dishes the community prepared, while woven bags and dried"
    " fruit sold out before the end of the afternoon, the organisers said.",
    "All proceeds from the booth will be donated to the charities the club supports, among"
    " them a children's home in Zemun, as in earlier years.",
)


def _release(lead: str) -> str:
    """A Joomla article: a heading, no date beside it, a release number, then the text."""
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in (lead, *_MORE))
    return (
        "<html><head><title>Crafts featured at the winter bazaar</title></head><body>"
        "<header><a href='/'>Embassy</a> <a href='/newsroom'>Newsroom</a></header>"
        "<div class='item-page'><h2 itemprop='headline'>Crafts featured at the winter bazaar</h2>"
        "<dl class='article-info'><dd class='hits'>Hits: 31</dd></dl>"
        "<div itemprop='articleBody'><p><strong>NEWS RELEASE 42-2026</strong></p>"
        f"{paragraphs}</div></div></body></html>"
    )


@pytest.mark.parametrize(
    ("lead", "day"),
    [
        # a dateline, then the day of the event the sentence reports
        (
            "BELGRADE, 29 November 2026 – Volunteers from Belgrade and Novi Sad ran the booth"
            " at the annual winter bazaar of the women's club on Saturday, 28 November 2026.",
            date(2026, 11, 29),
        ),
        # a dateline, then a period of days
        (
            "BELGRADE, 23 November 2026 – The Embassy served 186 nationals living in Serbia"
            " during a consular mission held in Belgrade from 20 to 22 November 2026.",
            date(2026, 11, 23),
        ),
    ],
)
def test_a_dateline_dates_the_story_whatever_days_its_sentence_names(lead: str, day: date) -> None:
    url = "https://embassy.example/newsroom/embassy-news/467-crafts-featured-at-the-bazaar"
    result = extract(_release(lead).encode(), url, generic_newsroom(), FETCHED)
    assert not isinstance(result, Rejected), result
    assert result[0].published == day
    assert result[0].provenance["published"] is Source.LEAD


def _ruling(label: str, inline: bool) -> str:
    """A court's Drupal node: its case number, its field of law, its date under a label."""
    date_field = (
        f"<div class='field'><div class='field-label'>{label}&nbsp;</div>"
        "<div class='field-items'><span class='date-display-single'>15.10.2026.</span></div></div>"
        if not inline
        else f"<p class='date'>{label} 15.10.2026.</p>"
    )
    text = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "Врховни суд, у већу састављеном од судија, у парници тужиоца против туженог"
            " Републике Србије, ради накнаде штете, одлучујући о ревизији, донео је",
            "ОДБИЈА СЕ као неоснована ревизија изјављена против правноснажне одлуке"
            " апелационог суда, из разлога који следе у образложењу ове пресуде.",
            "Оцењујући наводе изјављеног правног средства, Врховни суд је нашао да нису"
            " основани, јер је нижестепени суд правилно применио материјално право.",
        )
    )
    return (
        "<html><head><title>Рев 4821/2026 Накнада штете | Врховни суд</title></head><body>"
        "<div id='header'><a href='/sr'>Врховни суд</a></div>"
        "<h1 class='title'>Рев 4821/2026 Накнада нематеријалне штете</h1>"
        "<div class='field'><div class='field-label'>Број предмета:&nbsp;</div>"
        f"<div class='field-items'>Рев 4821/2026</div></div>{date_field}"
        f"<div class='field field-name-body'>{text}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("label", "inline"),
    [
        ("Датум одлуке:", False),
        ("Датум одлуке:", True),
        ("Datum presude:", True),
        ("Date of judgment:", True),
        ("Датум седнице:", False),
    ],
)
def test_a_page_dated_as_a_decision_is_no_story(label: str, inline: bool) -> None:
    url = "https://court.example/sr/рев-48212026-накнада-нематеријалне-штете"
    result = extract(_ruling(label, inline).encode(), url, generic_newsroom(("sr",)), FETCHED)
    assert isinstance(result, Rejected), result
    assert result.reason is Reason.NOT_A_STORY
    assert "decision" in result.detail


@pytest.mark.parametrize("label", ["Датум објаве:", "Objavljeno:", "Датум:"])
def test_a_page_dated_as_published_stays_a_story(label: str) -> None:
    url = "https://court.example/sr/врховни-суд-објавио-пресуду"
    result = extract(_ruling(label, True).encode(), url, generic_newsroom(("sr",)), FETCHED)
    assert not isinstance(result, Rejected), result
    assert result[0].published == date(2026, 10, 15)


_WORDS = st.text(alphabet="ab 12", min_size=0, max_size=30)


@given(words=_WORDS, anchors=st.sets(_WORDS.filter(bool), max_size=6))
def test_a_line_is_a_links_text_and_a_rest_of_figures_as_it_was_tested_link_by_link(
    words: str, anchors: set[str]
) -> None:
    """`_linked` looks the line up less each rest of figures and spaces, where it tested each
    link of the page in turn: the same lines, found in a few lookups."""
    rest = re.compile(r"[\d\s]{1,16}")
    by_link = words in anchors or (
        any(c.isdigit() for c in words)
        and any(
            (words.startswith(anchor) and rest.fullmatch(words[len(anchor) :]))
            or (words.endswith(anchor) and rest.fullmatch(words[: -len(anchor)]))
            for anchor in anchors
        )
    )
    assert _linked(words, anchors) == bool(by_link)


def test_a_period_after_a_datelines_dash_is_no_dateline() -> None:
    """ "From Monday, 30 November 2026 – Friday, 11 December 2026, the section is closed":
    the day after the dash makes it a period, not the day a story was filed."""
    lead = (
        "From Monday, 30 November 2026 – Friday, 11 December 2026, the consular section of"
        " the Embassy is closed to the public for the renovation of its premises."
    )
    url = "https://embassy.example/newsroom/announcements/472-consular-section-closed"
    result = extract(_release(lead).encode(), url, generic_newsroom(), FETCHED)
    assert not isinstance(result, Rejected), result
    assert result[0].published != date(2026, 11, 30)


def test_a_session_reported_among_the_news_stays_a_story() -> None:
    """A committee's session reported among the news, its date of session in a field: a
    story; the same page off the news is the session's record."""
    html = _ruling("Датум седнице:", True).replace(
        "Рев 4821/2026 Накнада нематеријалне штете", "Одржана седница Одбора"
    )
    news = "https://parliament.example/sr/vesti/odrzana-sednica-odbora"
    result = extract(html.encode(), news, generic_newsroom(("sr",)), FETCHED)
    assert not isinstance(result, Rejected), result
    record = "https://parliament.example/sr/zakljucak-sa-sednice-odbora"
    assert isinstance(extract(html.encode(), record, generic_newsroom(("sr",)), FETCHED), Rejected)
