"""The generic reading of pages whose template gives every page the site's ``<title>`` and
states the date only beside the story (`crawler.extraction.frame`: `story_frame`,
`story_title`, `stated_date`): the story's own heading and its stated date are read from the
lines around its text, never from other stories around it, and never after the fetch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from lxml.html import document_fromstring

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.frame import lead_date, published_metadata, stated_date, story_frame
from crawler.extraction.page import Page

FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SITE = "Embassy of the Republic of Aldoria"
NEWSROOM = replace(generic_newsroom(("en",)), name=f"{SITE} in Wellington")
URL = "http://www.aldoria-embassy.example/index.php?subaction=showfull&id=1510888320"
SENTENCE = "The consular office of the Embassy will be closed to the public on that day."
PROSE = "<br><br>".join(" ".join([SENTENCE] * 3) for _ in range(3))
#: A site's header and menu in a layout table, as the 2000s laid pages out.
BANNER = (
    f'<table width="780"><tr><td colspan="2"><b>{SITE}</b><br>Wellington, New Zealand</td></tr>'
    '<tr><td colspan="2"><a href="/">Home</a> | <a href="/news">News archive</a> |'
    ' <a href="/contact">Contact</a></td></tr><tr><td width="190" valign="top">'
    '<a href="/visas">Visas</a><br><a href="/consular">Consular services</a></td>'
    '<td valign="top">'
)
FOOTER = "</td></tr></table>"


def _read(html: str, newsroom: object = NEWSROOM, fetched: datetime = FETCHED) -> Article:
    result = extract(html.encode(), URL, newsroom, fetched)  # type: ignore[arg-type]
    assert not isinstance(result, Rejected), result
    (article,) = result
    return article


def _page(title: str, story: str, head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body>{BANNER}{story}{FOOTER}</body></html>"
    )


@pytest.mark.parametrize(
    "title",
    [
        f"{SITE} - Wellington - News",  # each part is written in the banner or the menu
        f"{SITE} in Wellington",  # the newsroom's name
        "www.aldoria-embassy.example",  # the host
    ],
)
@pytest.mark.parametrize(
    "heading",
    [
        "<div><strong>Consular office closed on Friday</strong></div>",
        '<font face="Verdana" size="3" color="#990000"><b>Consular office closed on Friday</b>'
        "</font><br>",
        "<h3>Consular office closed on Friday</h3>",
        '<div class="newstitle">Consular office closed on Friday</div>',
    ],
)
def test_the_story_heading_replaces_a_title_that_names_the_site(title: str, heading: str) -> None:
    article = _read(_page(title, f"{heading}<div>{PROSE}</div>"))
    assert article.title == "Consular office closed on Friday"


def test_a_title_that_names_the_story_is_kept_whatever_bold_line_opens_the_text() -> None:
    story = f"<div><b>Press release</b></div><div>{PROSE}</div>"
    article = _read(_page("Consular office closed on Friday", story))
    assert article.title == "Consular office closed on Friday"


def test_og_title_names_the_story_even_when_the_banner_repeats_it() -> None:
    """A teaser of the same story above it does not make the page's own title the site's."""
    teaser = '<a href="/x">Consular office closed on Friday</a><br>'
    story = f"{teaser}<div><b>Latest</b></div><div>{PROSE}</div>"
    head = '<meta property="og:title" content="Consular office closed on Friday">'
    article = _read(_page("Consular office closed on Friday", story, head))
    assert article.title == "Consular office closed on Friday"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # A date line above the heading (a table template of the 2000s).
        ('<font size="1">15.11.2017</font><br>', "", date(2017, 11, 15)),
        # Between the heading and the text.
        ("", "<div>Tuesday, November 14, 2017 | Category: News</div>", date(2017, 11, 14)),
        ("", "<div>29. jun 2017.</div>", date(2017, 6, 29)),
        ("", "<div>15. novembra 2017. godine</div>", date(2017, 11, 15)),
        ("", "<div>15. новембар 2017.</div>", date(2017, 11, 15)),
        # A date after the fetch is no publication date.
        ('<font size="1">15.11.2031</font><br>', "", None),
        # A line saying when the page changed is no publication date.
        ("", "<div>Last updated: 20.11.2017</div><div>Posted 15.11.2017</div>", date(2017, 11, 15)),
        ("", "<div>Letzte Aktualisierung 20.11.2017</div>", None),
        ("", "<div>Last update 20.11.2017</div><div>Posted 15.11.2017</div>", date(2017, 11, 15)),
        ("", "<div>Dernière mise à jour : 20.11.2017</div>", None),
        ("", "<div>Ultimo aggiornamento: 20.11.2017</div>", None),
        # A period, one day to another (an archive's, an event's), is no publication date.
        ("", "<div>15 Jun 2016 - 12 Dec 2016</div>", None),
        ("", "<div>4. jun 2019. do 6. avgust 2019.</div>", None),
        # A dateline beside a label in one row above the heading (a 1999 press release).
        (
            "<table><tr><td><b>PRESS RELEASE</b></td>"
            "<td align=right>Washington, November 10, 1998</td></tr></table>",
            "",
            date(1998, 11, 10),
        ),
    ],
)
def test_a_date_line_beside_the_heading_is_the_stated_date(
    before: str, after: str, expected: date | None
) -> None:
    story = f"{before}<div><strong>Consular office closed</strong></div>{after}<div>{PROSE}</div>"
    article = _read(_page(SITE, story))
    assert article.title == "Consular office closed"
    assert article.published == expected
    assert article.provenance.get("published") == (Source.DATELINE if expected else None)


def test_a_posted_on_line_closing_the_text_is_the_stated_date() -> None:
    """CuteNews's stock template: the date in the line under the text, the text itself
    mentioning another date (the day of the event) that is not the publication."""
    text = f"The office is closed on Friday, 1 December 2017. {PROSE}"
    story = (
        f"<div><strong>Consular office closed</strong></div><div>{text}</div>"
        "<div>0 Comments</div><div><em>Posted on 17 Nov 2017 by Consular Section</em></div>"
    )
    assert _read(_page(SITE, story)).published == date(2017, 11, 17)


def test_dates_of_other_stories_around_the_story_are_not_its_date() -> None:
    """Teasers of other stories, each a link with its date, above the heading and under the
    text: none of their dates is the story's."""
    other = '<div><a href="/other">Trade mission visits the port</a></div><div>2 Nov 2017</div>'
    story = f"{other}<div><strong>Consular office closed</strong></div><div>{PROSE}</div>"
    story += f"<div><b>More news</b></div>{other}"
    assert _read(_page(SITE, story)).published is None


def test_publication_metadata_is_read_before_any_line() -> None:
    head = '<meta property="article:published_time" content="2017-11-16T09:00:00+00:00">'
    story = "<div><strong>Consular office closed</strong></div><div>15.11.2017</div>"
    story += f"<div>{PROSE}</div>"
    assert _read(_page(SITE, story, head)).published == date(2017, 11, 16)


def test_months_of_the_newsrooms_other_languages_are_read_beside_the_heading() -> None:
    story = "<div><strong>Konsulartag in Nürnberg</strong></div><div>16. März 2004</div>"
    story += f"<div>{PROSE}</div>"
    german = replace(NEWSROOM, languages=("de", "en"))
    assert _read(_page(SITE, story), german).published == date(2004, 3, 16)
    assert _read(_page(SITE, story)).published is None  # English only: März is no month


def test_a_date_set_as_a_heading_above_the_story_in_a_widget_is_its_date() -> None:
    """Blogger's layout: every column a "widget", the day's date an <h2> above the post's
    title. The widget that holds the post (hAtom's ``hentry``) is no box beside it."""
    story = (
        '<div class="widget Blog" id="Blog1"><div class="date-outer">'
        '<h2 class="date-header"><span>Friday, 17 November 2017</span></h2>'
        '<div class="post hentry"><h3 class="post-title">Consular office closed</h3>'
        f'<div class="post-body entry-content">{PROSE}</div></div></div></div>'
        '<div class="widget BlogArchive"><h2>Archive</h2><ul><li>2 Nov 2017</li></ul></div>'
    )
    assert _read(_page(SITE, story)).published == date(2017, 11, 17)


def test_relative_links_follow_the_pages_base() -> None:
    """A page with ``<base href>`` (Plone, TYPO3) links its siblings relative to the base: they
    are no pages below its own address, and the page is no index of them."""
    url = "https://www.aldoria-embassy.example/news/detail/consular-office-closed/"
    siblings = "".join(f'<li><a href="news/detail/story-{n}/">Story {n}</a></li>' for n in range(6))
    story = f"<h1>Consular office closed</h1><p>17 November 2017</p><p>{PROSE}</p>"
    html = (
        "<html><head><title>Consular office closed</title>"
        '<base href="https://www.aldoria-embassy.example/"></head>'
        f"<body>{story}<ul>{siblings}</ul></body></html>"
    )
    result = extract(html.encode(), url, NEWSROOM, FETCHED)
    assert not isinstance(result, Rejected), result
    without_base = html.replace('<base href="https://www.aldoria-embassy.example/">', "")
    rejected = extract(without_base.encode(), url, NEWSROOM, FETCHED)
    assert isinstance(rejected, Rejected)


@pytest.mark.parametrize(
    ("stamps", "metadata"),
    [
        ('<time itemprop="datePublished" datetime="2017-11-17">17 Nov 2017</time>', True),
        ('<time itemprop="datePublished" datetime="2017-11-17"></time>' * 3, False),
        ('<script type="application/ld+json">{"datePublished": "2017-11-17"}</script>', True),
        (
            '<script type="application/ld+json">{"itemListElement": [{"datePublished": '
            '"2017-11-17"}, {"datePublished": "2017-11-02"}]}</script>',
            False,
        ),
    ],
)
def test_publication_metadata_is_stated_once(stamps: str, metadata: bool) -> None:
    """A story's page states its publication once; a listing's teasers each state theirs."""
    tree = document_fromstring(f"<html><head></head><body>{stamps}<p>{PROSE}</p></body></html>")
    page = Page(tree, URL, NEWSROOM, FAMILIES["generic"], FETCHED.date())
    assert published_metadata(page) is metadata


#: A Joomla K2 item: its date and heading above a toolbar of links, the lead in an "intro
#: text" box, the rest in a "full text" box (trafilatura reads the latter first), and a box of
#: the latest items' teasers, each a date and a summary cut short.
K2_ITEM = (
    f"<html><head><title>{SITE}</title></head><body><main><div class='itemView'>"
    "<div class='itemHeader'><span class='itemDateCreated'>Ponedeljak, 02 Oktobar 2017 09:15"
    "</span><h2 class='itemTitle'>Ministar primio ambasadora</h2><span class='itemAuthor'>"
    "Written by <a href='/vesti/itemlist/user/42'>Milan Petrović</a></span></div>"
    "<div class='itemToolbar'><ul><li><a href='?print=1'>Print</a></li>"
    "<li>font size <a href='#'>decrease font size</a> <a href='#'>increase font size</a></li>"
    "<li><a href='#comments'>Be the first to comment!</a></li></ul></div>"
    f"<div class='itemBody'><div class='itemIntroText'><p>The lead. {SENTENCE}</p></div>"
    f"<div class='itemFullText'><p>Second. {SENTENCE}</p><p>Third. {SENTENCE}</p></div>"
    "</div></div><div class='moduleLatest'><ul>"
    + "".join(
        f"<li><a href='/vesti/item/{n}-other'>Other story {n} of the ministry</a>"
        f"<span>Četvrtak, {n} Novembar 2017 11:25</span>"
        f"<p>The ministry presented report {n} on the cooperation of the period…Read more...</p>"
        "</li>"
        for n in (20, 21, 22)
    )
    + "</ul></div></main></body></html>"
)


#: The story's own teaser in the box of the latest items below it, its lead cut short.
OWN_TEASER = (
    "<li><a href='/vesti/item/41-ministar'>Ministar primio ambasadora</a>"
    "<span>Ponedeljak, 02 Oktobar 2017 09:15</span>"
    f"<p>The lead. {SENTENCE[:40]}…Read more...</p></li>"
)


@pytest.mark.parametrize("more", [0, 3])
@pytest.mark.parametrize("own_teaser", [False, True])
def test_a_lead_read_after_its_story_still_opens_it_and_teasers_below_are_cut(
    own_teaser: bool, more: int
) -> None:
    """trafilatura reads the "full text" box; it adds the "intro text" box after it when the
    former is short, and leaves it out when it is long enough."""
    page = K2_ITEM.replace(
        f"<p>Third. {SENTENCE}</p>",
        f"<p>Third. {SENTENCE}</p>" + "".join(f"<p>More {n}. {SENTENCE}</p>" for n in range(more)),
    )
    if own_teaser:
        box = "<div class='moduleLatest'><ul>"
        page = page.replace(box, box + OWN_TEASER)
    article = _read(page)
    assert article.title == "Ministar primio ambasadora"
    assert article.published == date(2017, 10, 2)
    assert article.text.startswith("The lead.") and "Third." in article.text
    assert "Read more" not in article.text and "Novembar" not in article.text


@pytest.mark.parametrize("separator", [": ", " - "])
def test_the_start_of_the_newsrooms_name_is_the_sites_part_of_a_title(separator: str) -> None:
    story = "Consular office closed on Friday"
    page = (
        f"<html><head><title>Defence office{separator}{story}</title></head><body>"
        f"<h3>{story}</h3><div>{PROSE}</div></body></html>"
    )
    assert _read(page, replace(NEWSROOM, name="Defence office (Blogger)")).title == story


@pytest.mark.parametrize(
    "header",
    [
        "<thead><tr><th>Date</th><th>Event</th></tr></thead>",
        "<tr><td><b>Date</b></td><td><b>Event</b></td></tr>",
    ],
)
def test_a_table_of_dates_beside_the_text_is_no_stated_date(header: str) -> None:
    rows = "".join(
        f"<tr><td>{day}.05.2017</td><td>Visit of a delegation</td></tr>" for day in (4, 19)
    )
    table = f"<table>{header}{rows}</table>"
    article = _read(
        _page("Visits and events", f"<h3>Visits and events</h3>{table}<div>{PROSE}</div>")
    )
    assert article.published is None


def test_a_story_tables_date_cell_is_its_date() -> None:
    """A layout table of one story: its title and date in a row, its text below (a dateline in
    the text is no second row of dates)."""
    table = (
        "<table><tr><td><b>Consular office closed on Friday</b></td><td>27.09.2017</td></tr>"
        f"<tr><td colspan='2'>Wellington, 27 September 2017 - {PROSE}</td></tr></table>"
    )
    assert _read(_page(SITE, table)).published == date(2017, 9, 27)


def test_a_heading_above_the_text_beats_a_title_the_page_shows_nowhere() -> None:
    page = (
        "<html><head><title>Embassy of Slovenia - News</title></head><body><table><tr><td>"
        "<b>EMBASSY OF THE REPUBLIC OF SLOVENIA, WASHINGTON</b></td></tr><tr><td><center>"
        "<font size='4'><b>Slovenia welcomes three new members of the Alliance</b></font>"
        f"</center><p>{PROSE}</p><p><i>Press Office, March 18, 1999</i></p></td></tr>"
        "</table></body></html>"
    )
    article = _read(page, replace(NEWSROOM, name="Slovenian embassy in Washington"))
    assert article.title == "Slovenia welcomes three new members of the Alliance"


def test_a_label_under_the_title_neither_heads_the_story_nor_hides_its_date() -> None:
    """A press release's "FOR IMMEDIATE RELEASE" stands out between the story's title (with
    its date) and its text: the title above it heads the story, and the date is its own."""
    story = (
        "<header><h1>Consular office closed on Friday</h1><div>November 14, 2017</div></header>"
        f"<div><b>FOR IMMEDIATE RELEASE</b></div><div>{PROSE}</div>"
    )
    article = _read(_page(SITE, story))
    assert article.title == "Consular office closed on Friday"
    assert article.published == date(2017, 11, 14)


@pytest.mark.parametrize(
    "above",
    [
        "<figure><img src='/photos/1.jpg'><figcaption>The minister and the ambassador in the "
        "ministry today.</figcaption></figure>",
        "<div><p>Read also: <a href='/vesti/item/40'>the minister met the delegation of the "
        "alliance.</a></p></div>",
        "<div><p>Written by the public relations office of the ministry</p></div>",
    ],
)
def test_only_a_lead_box_above_the_story_opens_it(above: str) -> None:
    """A caption, a box of links, a line that is no sentence above the story's box are none of
    its lead, whatever the reading left out."""
    full = "".join(f"<p>Paragraph {n}. {SENTENCE}</p>" for n in range(5))
    page = (
        f"<html><head><title>{SITE}</title></head><body><main><h2>Ministar primio ambasadora</h2>"
        f"<p class='date'>02.10.2017.</p><div class='itemBody'>{above}"
        f"<div class='itemFullText'>{full}</div></div></main></body></html>"
    )
    article = _read(page)
    assert article.text.startswith("Paragraph 0."), article.text


def test_a_lead_above_a_figure_above_the_story_opens_it() -> None:
    """Episerver (norway.no) sets a story's ingress, then its picture, then its body apart:
    trafilatura reads the body only; the ingress above the figure opens the story."""
    body = "".join(f"<p>Paragraph {n}. {SENTENCE}</p>" for n in range(5))
    ingress = (
        "Ten municipalities in central and southern Serbia will renovate public buildings with"
        " support from Norway, through a new programme signed in Belgrade on Tuesday."
    )
    page = (
        f"<html><head><title>{SITE}</title></head><body><main><article class='article'>"
        "<header><h1>Norway supports energy efficiency</h1><p>01.12.2017 | Serbia</p></header>"
        f"<p class='article__ingress'>{ingress}</p>"
        "<figure><img src='/a.jpg'><figcaption>The Ambassador at the signing.</figcaption>"
        f"</figure><div class='article__body richtext'>{body}</div></article></main></body></html>"
    )
    article = _read(page)
    assert article.text.startswith(ingress), article.text
    assert "Paragraph 0." in article.text


# -- a title's box with a summary and a byline (Plone, gov.br) ---------------------------------

PT_URL = "https://www.gov.br/mre/pt-br/embaixada/noticias/semana-do-brasil-em-novi-sad"
PT_NEWSROOM = generic_newsroom(("pt",))
PT_PROSE = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "Novi Sad recebeu, entre 5 e 9 de outubro, a Semana do Brasil, organizada pela "
        "Embaixada em parceria com a Prefeitura da cidade e com a Universidade de Novi Sad.",
        "A programação incluiu apresentações de música popular brasileira, oficina de capoeira "
        "com grupo local, palestra sobre a Amazônia e degustação de café e cachaça.",
        "Cerca de mil pessoas participaram das atividades ao longo da semana, segundo a "
        "organização, que prepara uma nova edição para o próximo ano em Belgrado.",
    )
)
#: A theme's files, stamped with when it was built (Plone's "++unique++").
STAMPED = (
    '<link rel="stylesheet" href="/++plone++production/++unique++2026-11-20T10:02:11.12/a.css">'
)


def _plone(byline: str, head: str = "") -> str:
    return (
        f"<html lang='pt-br'><head><title>Semana do Brasil em Novi Sad — Portal gov.br</title>"
        f"{STAMPED}{head}</head><body>"
        "<header><a href='/'>gov.br</a> <a href='/busca'>Buscar</a></header>"
        "<article id='content'><h1 class='documentFirstHeading'>Semana do Brasil em Novi Sad</h1>"
        "<div id='viewlet-below-content-title'><div class='documentDescription'>Programação "
        "reuniu música, gastronomia e capoeira na capital da Voivodina.</div>"
        f"<div class='documentByLine'>{byline}</div><div class='social-links'>Compartilhe: "
        "<a href='https://www.facebook.com/sharer'>Compartilhe por Facebook</a> "
        "<a href='https://twitter.com/intent'>Compartilhe por Twitter</a></div></div>"
        f"<div id='content-core'>{PT_PROSE}</div></article></body></html>"
    )


def _read_pt(html: str) -> Article:
    result = extract(html.encode(), PT_URL, PT_NEWSROOM, FETCHED)
    assert not isinstance(result, Rejected), result
    (article,) = result
    return article


@pytest.mark.parametrize(
    "byline",
    [
        "<span>Publicado em</span> 09/10/2026 15h10 <span>Atualizado em</span> 09/10/2026 15h10",
        "<span>Publicado em</span> 09/10/2026 15h10 <span>Atualizado em</span> 12/10/2026 09h00",
        "<span>Publicado em</span> 09/10/2026 15h10",
    ],
)
def test_a_byline_under_a_summary_dates_the_story_the_day_first_in_portuguese(
    byline: str,
) -> None:
    article = _read_pt(_plone(byline))
    assert article.published == date(2026, 10, 9)
    assert article.provenance["published"] is Source.DATELINE


def test_a_timestamp_in_a_theme_files_address_dates_no_story() -> None:
    article = _read_pt(_plone(""))
    assert article.published is None
    assert article.title == "Semana do Brasil em Novi Sad"


SENTENCES = [line.removeprefix("<p>") for line in PT_PROSE.split("</p>") if line]
BYLINE = "<span>Publicado em</span> 09/10/2026 15h10 <span>Atualizado em</span> 09/10/2026 15h10"


@pytest.mark.parametrize(
    "opening",
    [
        # The reading opens with the heading, the summary and byline below it left out.
        ["Semana do Brasil em Novi Sad"],
        # It opens with the heading, the summary and the byline's two parts, a line each.
        [
            "Semana do Brasil em Novi Sad",
            "Programação reuniu música, gastronomia e capoeira na capital da Voivodina.",
            "Publicado em 09/10/2026 15h10",
            "Atualizado em 09/10/2026 15h10",
        ],
        # It opens with the summary and the byline, as text.
        [
            "Programação reuniu música, gastronomia e capoeira na capital da Voivodina.",
            "Publicado em 09/10/2026 15h10 Atualizado em 09/10/2026 15h10",
        ],
    ],
)
def test_a_readings_opening_lines_frame_the_byline_under_the_heading(opening: list[str]) -> None:
    tree = document_fromstring(_plone(BYLINE))
    page = Page(tree, PT_URL, PT_NEWSROOM, FAMILIES["generic"], FETCHED.date())
    frame = story_frame(page, "\n".join([*opening, *SENTENCES]))
    assert frame is not None
    assert stated_date(page, frame) == date(2026, 10, 9)


def _sharepoint_item(rows: str) -> str:
    """A SharePoint list item's display form: the item's title, its fields as label and value
    rows, the body in the last; a side menu under a heading of its own."""
    return (
        "<html lang='en'><head><title>STONewsArchive - SET research task group</title></head>"
        "<body><div id='sideNavBox'><h3 class='sto-side-title'>Technical Panels</h3><ul>"
        + "".join(
            f"<li><a href='/Pages/panel-{n}.aspx'>Panel number {n}</a></li>" for n in range(6)
        )
        + "</ul></div><div id='contentBox'><h2 class='ms-webpart-titleText'>SET research task "
        "group demonstrates multistatic passive radar network</h2><table class='ms-formtable'>"
        f"{rows}<tr><td class='ms-formlabel'>Main_Body_Multi</td><td class='ms-formbody'>"
        f"<p>{SENTENCE} {SENTENCE}</p><p>{SENTENCE} {SENTENCE}</p><p>{SENTENCE}</p></td></tr>"
        "</table></div></body></html>"
    )


def test_a_list_items_title_stands_above_its_rows_of_fields() -> None:
    rows = "".join(
        f"<tr><td class='ms-formlabel'>{label}</td><td class='ms-formbody'>{value}</td></tr>"
        for label, value in (
            ("Start_Publishing", "18/03/2026"),
            ("Panel_Page", "SET"),
            ("Category", "News"),
            ("Audience", "Public"),
        )
    )
    article = _read(_sharepoint_item(rows), fetched=datetime(2026, 12, 2, tzinfo=UTC))
    assert article.title == "SET research task group demonstrates multistatic passive radar network"
    assert article.published == date(2026, 3, 18)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ("27/11/2026", date(2026, 12, 1)),  # the page writes the day first
        ("11/27/2026", None),  # the month first: 01/12/2026 could be either
        ("27/11/2026, 11/28/2026", None),  # both: no telling
        ("", None),  # nothing tells
    ],
)
def test_an_english_pages_other_dates_tell_which_order_it_writes(
    other: str, expected: date | None
) -> None:
    related = f"<h3>Latest News</h3><ul><li><a href='/n/2'>Panel meets</a> {other}</li></ul>"
    story = f"<h1>Sea trial completed</h1><div>Published: 01/12/2026</div><div>{PROSE}</div>"
    html = _page("Sea trial completed", story + related)
    assert _read(html, fetched=datetime(2026, 12, 2, tzinfo=UTC)).published == expected


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [("<div>24 November 2026</div>", date(2026, 11, 24)), ("", None)],
)
def test_a_headline_that_says_when_a_report_was_published_is_no_date_line(
    dateline: str, expected: date | None
) -> None:
    title = "Annual report on regional migration trends published on 1 December 2026"
    story = f"<h1>{title}</h1>{dateline}<div>{PROSE}</div>"
    article = _read(_page(title, story), fetched=datetime(2026, 12, 2, tzinfo=UTC))
    assert (article.title, article.published) == (title, expected)


@pytest.mark.parametrize("menu_names_it", [True, False])
def test_a_sections_heading_over_the_storys_own_is_no_title(menu_names_it: bool) -> None:
    # One <title> for every page, an h1 that names the section ("Press Releases": the menu
    # links it), the story's own heading under it, beside its date.
    section = '<a href="/?page=2,10">Press Releases</a>' if menu_names_it else "Press pages"
    html = (
        "<html><head><title>EULEX - European Union Rule of Law Mission in Kosovo</title></head>"
        f'<body><div id="menu"><ul><li><a href="/?page=2">Home</a></li><li>{section}</li>'
        '<li><a href="/?page=2,9">Contact</a></li></ul></div><div id="main">'
        '<h1 class="section">Press Releases</h1><div class="article">'
        "<h2>Consular office closed on Friday</h2><p>20 November 2026</p>"
        f"<div><p>{PROSE}</p></div></div></div></body></html>"
    )
    article = _read(html)
    expected = "Consular office closed on Friday" if menu_names_it else "Press Releases"
    assert article.title == expected
    assert article.published == date(2026, 11, 20)


@pytest.mark.parametrize("linked", [True, False])
def test_a_list_of_other_stories_dated_entries_dates_no_page(linked: bool) -> None:
    """A committee's page: its activities, each entry a day and a link to that day's report:
    the first entry's day is the report's, not the page's; a line that links nothing opens a
    report with its day."""
    title = "Finance Committee Considers the 2027 Budget Bill at its Fifth Sitting"
    shown = f"<a href='/report.51523.537.html'>{title}</a>" if linked else title
    html = (
        "<html><body><h1>Committee on Finance</h1><p>Composition and activities.</p>"
        f"<ul><li>Thursday, 20 November 2026 - {shown}</li></ul></body></html>"
    )
    page = Page(document_fromstring(html), URL, NEWSROOM, FAMILIES["generic"], FETCHED.date())
    text = f"Composition and activities.\n\nThursday, 20 November 2026 - {title}"
    assert lead_date(page, text) == (None if linked else date(2026, 11, 20))


def test_a_date_line_read_in_two_parts_still_dates_the_story() -> None:
    """The date and a print link on one line of the page, which the reading gives as two
    paragraphs ("22 October 2026", "Print"): the story's text still follows them."""
    title = "Ambassador meets the diaspora in Novi Sad"
    html = (
        f"<html><head><title>{SITE}</title></head><body><ol class='breadcrumb'>"
        f"<li><a href='/'>Home</a></li><li class='active'>{title}</li></ol><h1>{title}</h1>"
        "<div class='news-info'><span class='news-date'>22 October 2026</span>\n    "
        "<a class='print-btn' href='javascript:window.print()'>Print</a></div>"
        f"<div class='news-text'><p>{SENTENCE}</p><p>Diaspora members asked for a school.</p>"
        "</div></body></html>"
    )
    page = Page(document_fromstring(html), URL, NEWSROOM, FAMILIES["generic"], FETCHED.date())
    text = f"{title}\n 22 October 2026\n    Print\n{SENTENCE}\nDiaspora members asked for a school."
    frame = story_frame(page, text)
    assert frame is not None
    assert frame.lines[frame.end].text == "Diaspora members asked for a school."
    assert stated_date(page, frame) == date(2026, 10, 22)
