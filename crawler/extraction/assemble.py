"""Stories put together from the stages: one from a story page (its fields, body and links),
several from the blocks of a front page that shows them in full. A story needs a title besides
the site's name and enough words of prose. Each story records where its title, date, body and
byline came from (`crawler.core.items.Source`)."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from crawler.core.families import Block
from crawler.core.items import Article, Extraction, Reason, Rejected, Source
from crawler.core.keys import canonical_url
from crawler.extraction.body import (
    read_container,
    read_page,
    trim,
    untitled,
    without_date_line,
    without_teasers_below,
)
from crawler.extraction.classify import (
    MIN_WORDS,
    NOTICE_WORDS,
    RECORDING_WORDS,
    a_publication,
    announces_event,
    captioned_only,
    captions,
    cut_short,
    dated_items,
    dated_list,
    filed_as_call,
    gallery,
    indexes_children,
    link_texts,
    looks_like_listing,
    plays_recording,
    read_teasers,
    recording_notes,
    says_gone,
    says_gone_in,
    sentences,
    shouted,
    states_a_sentence,
    static_page,
    titled_about_the_site,
    too_short,
)
from crawler.extraction.elements import count_words, first, remove, visible_text
from crawler.extraction.fields import (
    address_states,
    best_title,
    boxless_date,
    clean_title,
    dateline_date,
    first_date,
    first_text,
    htmldate,
    language,
    split_byline,
    story_only,
    updated_at,
)
from crawler.extraction.frame import (
    laid_out_story,
    lead_date,
    published_metadata,
    stated_line,
    stated_update,
    states_deadline,
    story_frame,
    title_and_stated_date,
    titled_as_call,
    update_days,
    updated_long_after,
)
from crawler.extraction.links import alternates, canonical_link
from crawler.extraction.page import Page

__all__ = ["from_blocks", "from_page"]

#: Words of a gallery's text below which it may be its captions only, read without them.
_CAPTIONED_WORDS = 8 * MIN_WORDS

#: A title that is a file's name ("photo-01.jpg"): the page shows a file (an image's view in
#: a gallery, a download), not a story.
_FILE_NAME = re.compile(
    r"\S+\.(?:jpe?g|png|gif|webp|tiff?|bmp|svg|pdf|docx?|xlsx?|pptx?|zip|mp4|mp3)", re.IGNORECASE
)


def from_blocks(page: Page, blocks: list[Block]) -> Extraction:
    """The stories a front page shows in full, one per block, or why there is none."""
    articles = []
    reasons = []
    for block in blocks:
        if block.text is None:
            element = copy.deepcopy(block.element)
            remove(element, page.family.drop)
            text = visible_text(element)
        else:
            text = block.text
        published = dateline_date(page, text)
        if published is None and block.published is not None:
            published = block.published
            stated = Source.LISTING
        else:
            stated = Source.DATELINE
        article = _article(
            page,
            url=canonical_url(block.url, page.family.url_rules),
            title=block.title,
            text=text,
            published=published,
            updated=None,
            from_listing=True,
            sources={"title": Source.LISTING, "body": Source.LISTING}
            | ({"published": stated} if published is not None else {}),
        )
        if isinstance(article, Rejected):
            reasons.append(article)
        else:
            articles.append(article)
    if articles:
        return tuple(articles)
    return reasons[0] if reasons else Rejected(Reason.LISTING, "no story blocks")


def from_page(page: Page) -> Article | Rejected:
    """The story of a story page, or why there is none: `Reason.GONE` when a page too short
    to be a story says that what was asked for is not there (a "soft 404"), or when a page
    that states no date says so in a short line of what was read (a whole layout read around
    "Can not find an article with id:")."""
    article = _from_page(page)
    if (
        isinstance(article, Rejected)
        and article.reason in (Reason.TOO_SHORT, Reason.NO_TITLE)
        and says_gone(page.tree)
    ):
        return Rejected(Reason.GONE, f"the page says it is not there ({article.detail})")
    if isinstance(article, Article) and article.published is None and says_gone_in(article.text):
        return Rejected(Reason.GONE, "the page says it is not there, and states no date")
    return article


def _from_page(page: Page) -> Article | Rejected:
    family = page.family
    if not family.body and looks_like_listing(page):
        return Rejected(Reason.LISTING, "a page of teasers")
    title = selected = first_text(page, family.title)
    published = first_date(page, family.published)
    dated_by = Source.SELECTOR
    updated = updated_at(page)
    container = first(page.tree, family.body)
    links: frozenset[str] = frozenset()  # the page's link texts, read with the whole page
    updated_by: Source | None = None  # where ``updated`` came from, when its date line
    event = call = False  # the page states beside its heading, and no date, an event's
    # days or a deadline
    if container is not None:
        body = copy.deepcopy(container)
        remove(body, family.drop)
        text = read_container(body, page.url)
    else:
        if (index := indexes_children(page.page_url, page.tree, page.base)) is not None:
            return index
        if static_page(page.tree):
            return Rejected(Reason.NOT_A_STORY, "its CMS marks it a static page, not a post")
        reading = read_page(page)
        if isinstance(reading, Rejected):
            return reading
        teasers = cut_short(without_teasers_below(reading.text, page.latest), page.latest)
        if teasers is not None:
            return teasers
        if (items := dated_list(reading.text, page.latest)) is not None:
            return items
        if (summaries := read_teasers(page, reading.text)) is not None:
            return summaries
        if (items := dated_items(page, reading.text)) is not None:
            return items
        title = best_title(page, title, reading.title)
        links = link_texts(page.tree)
        # A reading that kept a whole table layout: the story's cell is what it states.
        frame = story_frame(page, reading.text) if reading.laid_out else None
        text = trim(laid_out_story(reading.text, frame), title, links, page.latest)
        # The story's own heading replaces a <title> that names the site only after the
        # trim: the text keeps the heading it opens with, as it did (and its word count).
        framed = title_and_stated_date(page, title, reading.text, published is not None, frame)
        if framed.teaser:
            return Rejected(
                Reason.LISTING, "the text is a teaser under a heading linking another page"
            )
        title, event, call = framed.title, framed.event, framed.call
        if framed.reference is not None:
            return Rejected(Reason.NOT_A_STORY, f"its date line says it is a {framed.reference}")
        if published is None:
            published, dated_by = framed.stated, Source.DATELINE
            text = without_date_line(text, stated_line(page))
            if published is not None and updated is None and (day := stated_update(page)):
                updated = datetime.combine(day, time(), UTC)  # "Created: ... / Updated: ..."
                updated_by = Source.DATELINE
        if published is None:
            # htmldate, asked of the page without the boxes beside the story, whose dates
            # are other stories' (a page without a date gets none).
            # htmldate reads the page's metadata first: where it states the publication,
            # the date is the structured data's.
            published = boxless_date(page)
            dated_by = Source.STRUCTURED if published_metadata(page) else Source.GENERIC
            if (
                published is not None
                and dated_by is Source.GENERIC
                and published in update_days(page)
            ):
                # "Page last updated: 13.09.2019", its only date: when it changed
                if updated is None:
                    updated = datetime.combine(published, time(), UTC)
                published = None
        if published is None:
            # A report that states its day only where it opens: "On 28 October 2026 ...".
            published, dated_by = lead_date(page, text), Source.LEAD
        if published is None and updated is None and (days := update_days(page)):
            # A page kept up to date that states no publication: "Dernière modification :
            # 05/11/2024", a date htmldate does not read (either order could be meant).
            updated = datetime.combine(max(days), time(), UTC)
    if published is None and family.dateline:
        published, dated_by = dateline_date(page, text), Source.DATELINE
    if published is None and container is not None:
        published, dated_by = htmldate(page, story_only(page, container)), Source.GENERIC
    title = best_title(page, title)
    stated = published is not None and dated_by in (
        Source.SELECTOR,
        Source.DATELINE,
        Source.STRUCTURED,
    )
    # An event's days beside the heading make an event's page unless something else dates it
    # as a story (its address may: a report on the event); its marks, unless its date is
    # stated.
    by_address = published is not None and address_states(page.url, published)
    if container is None and (
        (event and not stated and not by_address) or (not stated and announces_event(page.tree))
    ):
        return Rejected(Reason.NOT_A_STORY, "an event's page, with no date of a story")
    if container is None and not stated and call:
        return Rejected(Reason.NOT_A_STORY, "a call with a deadline, with no date of a story")
    if container is None and titled_as_call(page, title, text):
        return Rejected(Reason.NOT_A_STORY, "a call by its title and its deadline")
    if container is None and filed_as_call(page.page_url) and states_deadline(page, published):
        # A tender's or a vacancy's page states when it was posted as a story does; its
        # place in the site and its deadline tell it.
        return Rejected(Reason.NOT_A_STORY, "a call with a deadline, filed among calls")
    # A page that states when its story was published, beside its heading or in its
    # metadata, may be a short notice that says what it announces in a sentence, unless its
    # pictures are what it shows (a page of short rows, a fact sheet, is none); any other page
    # must read as a story by its length. A page read whole that plays a recording (a video,
    # a podcast's episode) is that recording's page, unless its text is a story's length.
    pictures = gallery(page.tree, page.base)
    # A gallery of a few pictures, each with its line: those lines are all its text.
    captioned = (
        captioned_only(text, page.tree)
        if container is None and not pictures and len(text.split()) < _CAPTIONED_WORDS
        else frozenset()
    )
    pictures = pictures or bool(captioned)
    recording = container is None and plays_recording(page.tree)
    if recording and (notes := recording_notes(page.tree)) is not None and notes < RECORDING_WORDS:
        return Rejected(Reason.NOT_A_STORY, f"a recording's page, {notes} words beside it")
    # A page read whole that offers a publication to download, with a few lines on it, is
    # that publication's page, as a recording's is.
    words = len(text.split())
    if container is None and words < RECORDING_WORDS and a_publication(page.tree, page.page_url):
        return Rejected(Reason.NOT_A_STORY, f"a publication's page, {words} words beside it")
    # The pictures' captions, read once for the two rules below that ask for them.
    short = container is None and words < _CAPTIONED_WORDS
    pictured = (
        captions(page.tree) | captioned
        if pictures and ((stated and not recording) or short)
        else frozenset()
    )
    # Where pictures are what the page shows, a line under them says what they show: a
    # notice with pictures says more, two sentences besides their captions.
    notice = (
        stated
        and not recording
        and (
            sentences(text.removeprefix(title), pictured) >= 2
            if pictures
            else states_a_sentence(text)
        )
        and not _kept_up_to_date(page, published, words)
    )
    not_prose: frozenset[str] = frozenset()
    shown: frozenset[str] = frozenset()  # captions, counted out of the lines they stand in
    if container is None:
        # A link's text is no prose, nor a gallery's captions ("photo 2 of 5 (NATO photo)",
        # read all on one line from a gallery's figures), looked for where they could be all
        # its text: a long story outweighs any gallery.
        not_prose = links
        if pictures and short:
            shown = pictured
    article = _article(
        page,
        url=page.page_url,
        minimum=RECORDING_WORDS if recording else NOTICE_WORDS if notice else MIN_WORDS,
        title=title,
        text=text,
        published=published,
        updated=updated,
        from_listing=False,
        links=not_prose,
        captions=shown,
        sources={
            "title": _title_source(page, title, selected),
            "body": Source.SELECTOR if container is not None else Source.GENERIC,
        }
        | ({"published": dated_by} if published is not None else {})
        | ({"updated": updated_by} if updated_by is not None else {}),
    )
    if isinstance(article, Rejected):
        return article
    if container is None and pictures and not states_a_sentence(text) and not _prose_line(text):
        # An album long enough for a story without a sentence: its pictures, its title and
        # day, and what else the page shows around them (a SharePoint portal's banner, in
        # capitals, and menus, read whole for want of a text).
        return Rejected(Reason.NOT_A_STORY, "a gallery's page: pictures, and no sentence")
    return replace(
        article,
        text=untitled(article.text, article.title) if container is None else article.text,
        canonical=canonical_link(page),
        translations=alternates(page),
    )


#: Words of a line that is prose without a stop at its end (a list's item, a caption that
#: says what happened), unless shouted in capitals (a banner's "EMBASSY OF THE SOCIALIST
#: REPUBLIC OF VIET NAM IN THE REPUBLIC OF SERBIA").
_PROSE_LINE_WORDS = 15


def _prose_line(text: str) -> bool:
    """Whether a line of ``text`` is one of prose by its length (`_PROSE_LINE_WORDS`), in a
    script without case or not in capitals."""
    return any(
        count_words(line, dense=False) >= _PROSE_LINE_WORDS and not shouted(line)
        for line in text.splitlines()
    )


#: How long after its publication a page that says it was updated is kept up to date, a
#: reference (a consular service's page), rather than corrected as a story is.
_REFERENCE_AGE = timedelta(days=180)


def _kept_up_to_date(page: Page, published: date | None, words: int) -> bool:
    """Whether a page of fewer than `MIN_WORDS` ``words`` (one that may be a short notice)
    says it was updated half a year or more after the day it states ("14 March 2025, 11:00"
    / "Updated: 1 September 2026", `updated_long_after`): a page of reference filed among
    the news (the consular registration's), not a notice."""
    return (
        published is not None
        and words < MIN_WORDS
        and updated_long_after(page, published, _REFERENCE_AGE)
    )


def _article(
    page: Page,
    *,
    url: str,
    title: str,
    text: str,
    published: date | None,
    updated: datetime | None,
    from_listing: bool,
    sources: dict[str, Source],
    links: frozenset[str] = frozenset(),
    captions: frozenset[str] = frozenset(),
    minimum: int = MIN_WORDS,
) -> Article | Rejected:
    text, byline = split_byline(page, text)
    title = clean_title(page, title)
    if not title:
        return Rejected(Reason.NO_TITLE, "no title besides the site's name")
    if _FILE_NAME.fullmatch(title):
        return Rejected(Reason.NO_TITLE, f"the title is a file's name: {title}")
    if not any(character.isalpha() for character in title):
        return Rejected(Reason.NO_TITLE, f"the title has no word: {title}")
    if titled_about_the_site(title, page.site_names):
        return Rejected(Reason.NOT_A_STORY, f"a page about the site: {title}")
    if (short := too_short(text, links, minimum, captions)) is not None:
        return short
    return Article(
        url=url,
        page_url=page.page_url,
        title=title,
        text=text,
        language=language(page, title, text),
        published=published,
        updated=updated,
        byline=byline,
        from_listing=from_listing,
        # A byline is only ever split off by the family's own pattern.
        provenance=sources | ({"byline": Source.SELECTOR} if byline else {}),
    )


def _title_source(page: Page, title: str, selected: str) -> Source:
    """Which candidate `best_title` kept: the family's selector, the page's og:title, or the
    generic reading (trafilatura's title, the first heading, <title>)."""
    if selected and clean_title(page, selected) == title:
        return Source.SELECTOR
    if clean_title(page, page.meta("og:title") or "") == title:
        return Source.STRUCTURED
    return Source.GENERIC
