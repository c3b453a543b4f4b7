"""A review's findings on this stop's reading rules, each mended: a microdata date of a
reader's comment or of a related story's teaser dated the story; a microdata value that is a
UTC instant moved a story published just after local midnight to the day before; and lines of
a story's header box that are no lead (a byline, a photo credit, a date line, a notice, a
cookie box, the site's tagline) were put at the top of its text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = (
    "The minister opened the new regional hospital wing on Thursday and thanked the builders,"
    " the nurses and the doctors who worked through the winter to finish it. "
) * 4
URL = "https://news.example/news/minister-opens-hospital-wing/"


def _read(html: str) -> Article | Rejected:
    result = extract(html.encode(), URL, generic_newsroom(("en",)), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- whose microdata date ------------------------------------------------------------------------


def _story(beside: str, date_line: str = '<p class="date">Published 3 November 2026</p>') -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Minister opens hospital wing - Example News</title></head><body>
<header class="site-header"><a href="/">Example News</a><nav><a href="/news/">News</a></nav>
</header><main><article class="post"><h1>Minister opens hospital wing</h1>{date_line}
<div class="entry-content"><p>{PROSE}</p><p>{PROSE}</p></div></article>{beside}</main>
<footer>(c) Example News</footer></body></html>"""


COMMENT = """<section id="comments"><h2>One comment</h2><ol><li class="comment"
itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Jane
</span> <time itemprop="datePublished" datetime="2026-11-28T08:12:00+00:00">28 November
2026</time><div itemprop="text"><p>Great news for the town!</p></div></li></ol></section>"""
COMMENT_TYPED = COMMENT.replace('itemprop="comment" ', "")  # a Comment, not a property
COMMENT_PROP = COMMENT.replace("schema.org/Comment", "schema.org/CreativeWork")  # a property
RELATED = """<aside class="related-posts"><h2>Read next</h2><div itemscope
itemtype="https://schema.org/NewsArticle"><a href="/news/budget/" itemprop="url"><span
itemprop="headline">Council passes budget</span></a> <time itemprop="datePublished"
datetime="2026-10-15">15 October 2026</time></div></aside>"""
RELATED_BOX = RELATED.replace("<aside", "<div").replace("</aside>", "</div>")
RELATED_ASIDE = RELATED.replace(' class="related-posts"', "")  # a sidebar by its tag alone


@pytest.mark.parametrize(
    "beside", [COMMENT, COMMENT_TYPED, COMMENT_PROP, RELATED, RELATED_BOX, RELATED_ASIDE]
)
def test_a_comments_or_a_teasers_microdata_does_not_date_the_story(beside: str) -> None:
    article = _read(_story(beside))
    assert isinstance(article, Article)
    assert article.published == date(2026, 11, 3)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-30T23:30:00Z", "1 December 2026, 00:30"),
        ("2026-11-30T23:30:00+00:00", "01.12.2026"),
        ("2026-12-01T00:30:00+01:00", "01.12.2026"),
    ],
)
def test_a_utc_instant_keeps_the_day_the_page_shows(value: str, shown: str) -> None:
    line = f'<p class="meta"><time itemprop="datePublished" datetime="{value}">{shown}</time></p>'
    article = _read(_story("", line))
    assert isinstance(article, Article)
    assert article.published == date(2026, 12, 1)


def test_a_utc_instant_with_no_day_shown_is_its_own() -> None:
    line = '<p class="meta"><time itemprop="datePublished" datetime="2026-11-30T23:30:00Z">'
    article = _read(_story("", line + "00:30</time></p>"))
    assert isinstance(article, Article)
    assert article.published == date(2026, 11, 30)


# -- what is no lead -----------------------------------------------------------------------------


def _enonic(under_heading: str, site_header: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Cooperation agreement signed - Forsvaret</title></head><body>{site_header}
<main><article class="article article--news"><header class="article__header">
<p class="article__label">News</p><h1 class="article__title">Cooperation agreement signed
between the Defence University College and the Centre</h1>{under_heading}
</header><figure class="article__main-image"><img src="/_/image/1.jpg" alt="">
<figcaption>The signing at Terningmoen.</figcaption></figure>
<div class="article-meta"><p class="article-meta__date">Published 12 May 2025</p></div>
<div class="article__body rich-text"><p>{PROSE}</p><p>{PROSE}</p></div></article>
</main><footer>Norwegian Armed Forces, Postboks 800</footer></body></html>"""


@pytest.mark.parametrize(
    "under_heading",
    [
        "<p class='byline'>Written by Jane Doe.</p><p class='rt'>Reading time: 3 min.</p>",
        "<p class='credit'>Photo: Ministry of Defence press office.</p>",
        "<p class='date'>Objavljeno: 12. svibnja 2026. godine.</p>",
        "<p class='date'>Objavljeno: utorak, 12. svibnja 2026. godine u 10.30.</p>",
        "<p class='date'>Tuesday, 12 May 2026, at 10:30 local time.</p>",
        "<div class='consent'><p>We use cookies to improve your experience on this site.</p></div>",
        "<p class='note'>This article is also available in Norwegian.</p>",
        # a lead beside a line that is none: the box is not a lead's alone
        "<p class='ingress'>The agreement makes the Centre's knowledge of cold weather"
        " operations more available to the Alliance.</p><p>Published 12 May 2025.</p>",
    ],
)
def test_lines_under_the_heading_that_are_no_lead_stay_out(under_heading: str) -> None:
    article = _read(_enonic(under_heading))
    assert isinstance(article, Article)
    assert article.text.startswith(PROSE.strip()[:60])


@pytest.mark.parametrize("menu", ["", "<nav><a href='/en/news'>News</a></nav>"])
def test_the_sites_own_header_is_no_story_header(menu: str) -> None:
    # a logo's <h1> and the site's tagline above the story's box: the page's header (a child
    # of the body), or a box of its menu
    header = (
        f'<header class="site"><h1>Embassy of the Republic</h1>{menu}<p>Official website of'
        " the Embassy of the Republic in Belgrade, Serbia.</p></header>"
    )
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Minister opens hospital wing - Embassy of the Republic</title></head><body>
{header if not menu else f'<div class="top">{header}'}<div class="content"><p>{PROSE}</p>
<p>{PROSE}</p></div>{"" if not menu else "</div>"}<footer>Embassy of the Republic</footer>
</body></html>"""
    article = _read(html)
    assert isinstance(article, Article)
    assert "Official website" not in article.text


def test_the_lead_is_still_read() -> None:
    lead = (
        "A Technical Agreement between the Defence University College and the Centre was"
        " signed at Terningmoen Camp on 9 May 2025."
    )
    article = _read(_enonic(f"<p class='article__ingress'>{lead}</p>"))
    assert isinstance(article, Article)
    assert article.text.startswith(lead + "\n")


def test_a_post_that_is_its_blogs_property_is_dated_by_its_microdata() -> None:
    # Blogger: the post is the blog's "blogPost", its date in an abbr's title, its time shown
    html = f"""<!DOCTYPE html><html lang="sr"><head><meta charset="utf-8">
<title>Канцеларија одбране: Конференција</title></head><body>
<div class="blog-posts" itemscope itemtype="http://schema.org/Blog"><div class="date-outer">
<h2 class="date-header"><span>среда, 15. новембар 2017.</span></h2>
<div class="post hentry" itemprop="blogPost" itemscope itemtype="http://schema.org/BlogPosting">
<h3 class="post-title" itemprop="name">Конференција о вежби</h3>
<div class="post-body" itemprop="description articleBody"><p>{PROSE}</p></div>
<div class="post-footer"><span class="post-timestamp">у <abbr class="published"
itemprop="datePublished" title="2017-11-15T13:20:00+01:00">13:20</abbr></span></div>
</div></div></div></body></html>"""
    article = _read(html)
    assert isinstance(article, Article)
    assert article.published == date(2017, 11, 15)
    assert article.provenance["published"] == "structured"
