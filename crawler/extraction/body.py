"""The story's text, read by trafilatura: inside the container the family's selectors bound,
or on the whole page, then trimmed of what is never story text (a repeated title, date lines,
teasers of other stories, promotion)."""

from __future__ import annotations

import contextlib
import copy
import re
from dataclasses import dataclass
from datetime import date

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    examine_title_element,
    extract_meta_json,
    extract_title,
)

from crawler.core.items import Reason, Rejected
from crawler.extraction.classify import MIN_WORDS, cookie_notice
from crawler.extraction.dates import (
    MONTH_NAMES,
    PUBLISHED_LABEL,
    PUBLISHED_LABEL_ONLY,
    UPDATED_LABEL,
    find_date,
    published_part,
)
from crawler.extraction.elements import (
    count_words,
    paragraphs,
    remove,
    spaceless,
    squash,
    visible_text,
)
from crawler.extraction.links import switcher_texts
from crawler.extraction.page import Page
from crawler.extraction.tables import is_layout_table, unwrap_layout_tables

__all__ = ["Reading", "read_container", "read_page", "trim", "untitled"]

_NOT_WORD = re.compile(r"[\W_]+")
#: A summary cut short, as a box of other stories shows one ("... Read more").
_CUT_SHORT = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*(?:read more|more|opširnije|више|detaljnije|"
    r"подробнее|weiterlesen|lire la suite)?\W*$",
    re.IGNORECASE,
)
#: Lines of a teaser box besides its summaries: its headings and dates.
_TEASER_LINE_WORDS = 15
_SENTENCE = re.compile(r"[.!?]\W*$")
_PROMOTION = re.compile(
    r"^(?:click here|sign up|subscribe|follow us|our standards|read more|related:|see also"
    r"|advertisement|share this|copyright|©|all rights reserved)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """What trafilatura read on a whole page: the text, the title it found, and whether the
    page is laid out in tables (read as blocks: a reading may keep the whole layout)."""

    text: str
    title: str | None
    laid_out: bool = False


def read_container(body: HtmlElement, url: str) -> str:
    """The story text inside a container the family selectors bounded.

    trafilatura reads the container (it drops share links, stray widgets and comments); when
    it keeps much less than the container's own paragraphs, the container is trusted instead,
    because the family selectors already set the story's boundaries.
    """
    own = visible_text(body)
    # A bare <td> or <tr> outside its table is dropped by the HTML parser, and trafilatura
    # then loses the text before the first nested block: hand it a plain container.
    body.tag = "div"
    fragment = lxml.html.tostring(body, encoding="unicode")
    read = trafilatura.extract(
        f"<html><body><article>{fragment}</article></body></html>",
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
    )
    text = paragraphs(in_page_order(read or "", body))
    if len(text.split()) < 0.8 * len(own.split()):
        return own
    return text


#: What the page does not show, text and all: the ``hidden`` attribute (a banner's folded
#: explanation, "Official websites use .gov ...", a dialog not yet opened).
_HIDDEN = "//body//*[@hidden]"


def read_page(page: Page) -> Reading | Rejected:
    """trafilatura's reading of the whole page without the family's ``drop`` parts and what
    it hides (`_HIDDEN`), its layout tables read as blocks (`crawler.extraction.tables`), or
    `Rejected` when trafilatura fails on it."""
    cleaned = page.tree  # read only, here and by trafilatura (it copies what it is given)
    laid_out = False
    if page.family.drop or any(is_layout_table(t) for t in cleaned.iter("table")):
        cleaned = copy.deepcopy(page.tree)
        remove(cleaned, page.family.drop)
        laid_out = unwrap_layout_tables(cleaned) > 0
    try:
        try:
            title = _title(cleaned)
        except (TypeError, ValueError):  # as trafilatura discards the document on these
            document = None
        else:
            document = trafilatura.bare_extraction(
                cleaned,
                url=page.url,
                include_comments=False,
                include_tables=True,
                with_metadata=False,
                deduplicate=False,
                prune_xpath=_HIDDEN,  # on trafilatura's own copy of the page
            )
    except Exception as exc:  # a fault of the extractor, not a page without a story
        return Rejected(Reason.EXTRACTOR_FAILED, f"trafilatura raised {exc!r}")
    if not getattr(document, "text", None) and (prose := _prose_words(cleaned)):
        # trafilatura answers None when it gives up on a document (it logs "discarding
        # data"): on a page of prose that is a lost story, not an empty page.
        return Rejected(
            Reason.EXTRACTOR_FAILED, f"trafilatura read nothing of {prose} words of prose"
        )
    if document is None:
        return Reading(text="", title=None, laid_out=laid_out)
    shown = _shown_text(cleaned)
    text = _unjoined(getattr(document, "text", None) or "", cleaned)
    text = lead_above(in_page_order(text, cleaned, shown), shown)
    text = _below_switcher(text, cleaned)
    if any(joiner in node for node in shown for joiner in _JOINERS):
        written = squash(" ".join((cleaned.findtext(".//title") or "", *shown)))
        lines = with_joiners([title or "", *text.split("\n")], written)
        title, text = lines[0] or title, "\n".join(lines[1:])
    return Reading(text=text, title=title, laid_out=laid_out)


#: The zero-width joiner and non-joiner: Persian writes "هم‌اندیشی" with the one (a word's
#: parts apart, unjoined), an emoji's sequence holds the other; trafilatura drops both as
#: characters that do not print.
_JOINERS = ("\u200c", "\u200d")


def with_joiners(lines: list[str], written: str) -> list[str]:
    """``lines`` as ``written`` (the page's text, squashed) writes them, their `_JOINERS` put
    back: each that ``written`` holds without them; the others as they are."""
    kept = [n for n, character in enumerate(written) if character not in _JOINERS]
    bare = "".join(written[n] for n in kept)
    found = []
    for line in lines:
        at = bare.find(line) if line else -1
        found.append(written[kept[at] : kept[at + len(line) - 1] + 1] if at >= 0 else line)
    return found


def _unjoined(text: str, tree: HtmlElement) -> str:
    """``text`` in the lines of the ``<article>`` it is, when it is that element's text run
    together in one line: trafilatura's last resort on a short story ("November 17, 2026
    Minister Misajlovski at the meeting ... Minister of Defence Vlado ..."), its date line
    and heading fused with the text where the frame would find them."""
    if "\n" in text or not text:
        return text
    joined = spaceless(text)  # its blocks' texts joined by a space, or by none
    for element in tree.iter("article"):
        whole = spaceless(element.text_content())
        if joined not in whole:
            continue
        # The element's lines, or a run of them: trafilatura's fallback leaves out what it
        # cleans away first (a <footer> of tags in the <article>: "الوسوم: إعلان").
        run = _run_of_lines(visible_text(element).split("\n\n"), joined)
        if run is not None:
            # Only when its lines keep the reading's words ("<span>17</span><span>
            # November</span>" would run a date's together).
            return run if run.split() == text.split() else text
    return text


def _run_of_lines(lines: list[str], joined: str) -> str | None:
    """The run of ``lines`` that is ``joined`` without its white space, each line whole;
    None where there is none. One pass over the lines' offsets, one search of their text."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    offset = 0
    bare = []
    for number, line in enumerate(lines):
        part = spaceless(line)
        bare.append(part)
        starts.setdefault(offset, number)
        offset += len(part)
        ends[offset] = number
    whole = "".join(bare)
    at = whole.find(joined)
    while at >= 0:
        first, last = starts.get(at), ends.get(at + len(joined))
        if first is not None and last is not None and last >= first:
            return "\n\n".join(lines[first : last + 1])
        at = whole.find(joined, at + 1)
    return None


#: Words of a reading's line that may be a language switcher's item ("- Srpski (latinica)").
_SWITCHER_LINE_WORDS = 4
#: Lines of a reading a language switcher may come after (the site's name, its slogan) ...
_SWITCHER_REACH = 3
#: ... each of a few words.
_HEADER_LINE_WORDS = 8


def _below_switcher(text: str, tree: HtmlElement) -> str:
    """``text`` without the language switcher a reading may open with (Drupal's "- Română /
    - Srpski / - English" above the story's heading), and without the short lines above it
    (the site's name): the header the switcher stands in."""
    lines = text.split("\n")
    head = lines[:_SWITCHER_REACH]
    if not any(
        len(line.split()) <= _SWITCHER_LINE_WORDS and not any(c.isdigit() for c in line)
        for line in head
    ):
        return text  # the common case (a heading, a date line), read without a switcher
    items = switcher_texts(tree)
    if not items:
        return text
    start = next(
        (n for n, line in enumerate(head) if line.removeprefix("- ").strip() in items), None
    )
    if start is None or any(len(line.split()) > _HEADER_LINE_WORDS for line in head[:start]):
        return text
    end = start
    while end < len(lines) and lines[end].removeprefix("- ").strip() in items:
        end += 1
    return "\n".join(lines[end:])


#: Words of a line of a reading that may be looked for in the page: a shorter one ("Aktuelnosti")
#: may be a menu's too.
_PLACE_WORDS = 5

#: The text nodes of a page's body but its scripts' and styles' (a script's JSON state may
#: hold the story in another order).
_TEXT_NODES = lxml.etree.XPath("descendant::text()[not(parent::script or parent::style)]")


def _shown_text(tree: HtmlElement) -> list[str]:
    """The text nodes ``tree`` shows, in its order (`_TEXT_NODES` of its body, if it has one)."""
    body = tree.find("body")
    nodes: list[str] = _TEXT_NODES(body if body is not None else tree)
    return nodes


def in_page_order(text: str, tree: HtmlElement, shown: list[str] | None = None) -> str:
    """A reading of ``tree`` with the lines the page shows above its first line moved back
    above it.

    trafilatura adds what its first pass missed after what it found: a story whose lead is
    apart from the rest (Joomla K2's ``itemIntroText`` above ``itemFullText``) comes out with
    its lead last, or under a box of teasers. A sentence of `_PLACE_WORDS` words or more that
    the page shows, whole, before the reading's first line opens it again, in the page's order
    (a teaser's heading and date below, which the page shows as the story's own heading and
    date above, are no sentence and stay). ``shown``: the page's `_shown_text`, if read.

    Nothing else moves: the reading's order says what trafilatura took for the story and what
    it recovered around it (a sidebar's address above a gallery's caption stays below it).
    """
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    page = squash(" ".join(_shown_text(tree) if shown is None else shown))
    first = page.find(squash(lines[0]))
    if first <= 0:
        return text
    above: list[tuple[int, int]] = []
    for index, line in enumerate(lines[1:], start=1):
        head = squash(line)
        if (
            len(head.split()) >= _PLACE_WORDS
            and _SENTENCE.search(head)
            and 0 <= (place := page.find(head)) < first
        ):
            above.append((place, index))
    if not above:
        return text
    moved = {index for _, index in above}
    return "\n".join(
        [lines[index] for _, index in sorted(above)]
        + [line for index, line in enumerate(lines) if index not in moved]
    )


#: Where a block of a story's text may hold its lead.
_BLOCKS = frozenset({"p", "div", "section", "blockquote", "li", "td"})


def lead_above(text: str, shown: list[str]) -> str:
    """A reading with the story's lead above it, where the page sets the lead apart and the
    reading left it out.

    A CMS may put a story's lead in a box of its own just above the box of the rest (Joomla
    K2's ``itemIntroText`` and ``itemFullText``), and trafilatura may read only the latter.
    When the reading opens the first block of its box, and the box just above (boxes without
    text, a figure and a box of a date line only between them aside: Episerver's ingress, its
    picture, its body; Enonic's "Published 12 May 2025") holds paragraphs that end as
    sentences, `_PLACE_WORDS` words or more, no link and no picture, outside a figure, and the
    reading does not have them, they open it. Where that box is the story's header (a
    ``<header>``, or a box of its ``<h1>``), its paragraphs below its heading are the lead: a
    label above the heading ("News") is not. ``shown``: the page's text nodes (`_shown_text`).
    """
    lines = text.split("\n")
    first = squash(lines[0])
    if len(first.split()) < _PLACE_WORDS:
        return text
    probe = first.split(maxsplit=1)[0]  # in the node that opens it: a cheap test first
    node = next(
        (
            n
            for n in shown
            if probe in n and len(start := squash(n)) >= 20 and first.startswith(start[:40])
        ),
        None,
    )
    if node is None or getattr(node, "is_tail", True):
        return text
    block = node.getparent()  # type: ignore[attr-defined]
    while block is not None and block.tag not in _BLOCKS:
        block = block.getparent()
    box = block.getparent() if block is not None else None
    if box is None or any(_has_text(before) for before in block.itersiblings(preceding=True)):
        return text
    above = next(
        (
            b
            for b in box.itersiblings(preceding=True)
            if _has_text(b) and b.tag != "figure" and not _date_line_box(b)
        ),
        None,
    )
    if above is None or any(ancestor.tag == "figure" for ancestor in above.iterancestors()):
        return text
    if above.tag == "header" or above.find(".//h1") is not None:
        # The story's own header box: its heading, then the lead (Enonic's and Episerver's
        # "ingress", under the heading, above the picture and the date line).
        paragraphs_ = _below_heading(above)
        if not paragraphs_:
            return text
    elif above.tag in _BLOCKS and not any(True for _ in above.iter("a", "img", "figure")):
        paragraphs_ = list(above.iter("p")) or [above]
    else:
        return text
    if any(True for p in paragraphs_ for _ in p.iter("a", "img", "figure")):
        return text
    lead = [line for line in (squash(p.text_content()) for p in paragraphs_) if line]
    read = squash(text)
    if (
        not lead
        or not all(_SENTENCE.search(line) for line in lead)
        or sum(len(line.split()) for line in lead) < _PLACE_WORDS
        or any(line in read for line in lead)
    ):
        return text
    return "\n".join([*lead, text])


def _below_heading(box: HtmlElement) -> list[HtmlElement]:
    """The lead in the story's header box ``box``: its own paragraphs after its heading,
    every one of them a lead (`_no_lead`: "Written by Jane Doe.", "Photo: ...", "Objavljeno:
    12. svibnja 2026." are none). None where ``box`` is the page's header (a child of the
    body, or a box of its menu)."""
    parent = box.getparent()
    if (parent is not None and parent.tag == "body") or box.find(".//nav") is not None:
        return []
    found: list[HtmlElement] = []
    for child in box.iterchildren():
        if child.tag in _HEADINGS:
            found = []  # a label above the heading ("News") is no lead
        elif child.tag == "p":
            found.append(child)
    return [] if any(_no_lead(p) for p in found) else found


def _no_lead(paragraph: HtmlElement) -> bool:
    """Whether a paragraph under a story's heading is no lead: fewer than `_LEAD_WORDS`
    words, or a date line, or a line that says when the story was published or updated
    ("Objavljeno: utorak, 12. svibnja 2026. godine u 10.30.")."""
    line = squash(paragraph.text_content())
    return (
        len(line.split()) < _LEAD_WORDS
        or _date_line_box(paragraph)
        or PUBLISHED_LABEL.match(line) is not None
        or UPDATED_LABEL.match(line) is not None
    )


#: Words of each paragraph of a lead in a story's header box.
_LEAD_WORDS = 8
#: Headings a story's header box holds.
_HEADINGS = ("h1", "h2", "h3")
#: Words of a box that only says when the story was published ("Published 12 May 2025").
_DATE_LINE_WORDS = 8


def _date_line_box(element: HtmlElement) -> bool:
    """Whether ``element`` is a box of a date line only, between a story's lead and its
    text (Enonic's "Published 12 May 2025"), or of a month's (`_month_line`)."""
    if any(True for _ in element.iter("a", "img")):
        return False
    line = squash(element.text_content())
    return _date_line(line) or _month_line(line)


def _month_line(line: str) -> bool:
    """Whether ``line`` names a month and its year only, after a word or two that say when
    or that it was published (`_MONTH_LINE`: "on November 2026", a calendar's items' "in
    November 2026", "Objavljeno: novembar 2026."): a date line without its day."""
    return _MONTH_LINE.fullmatch(line.strip()) is not None


#: A month and its year (`MONTH_NAMES`), after up to two words of `_MONTH_LINE_LABEL`.
_MONTH_LINE_LABEL = rf"(?:on|in|am|im|le|dne|في|{PUBLISHED_LABEL.pattern})"
_MONTH_LINE = re.compile(
    rf"(?:{_MONTH_LINE_LABEL}:?\s+){{0,2}}(?:{MONTH_NAMES})\.?[,\u060c]?\s+(?:19|20)\d\d\.?",
    re.IGNORECASE,
)


def _date_line(line: str, latest: date | None = None) -> bool:
    """Whether ``line`` only says when the story was published: a date in `_DATE_LINE_WORDS`
    words or fewer (a stroke is none: "إعلانات / بواسطة إدارة السفارة / 4 ديسمبر، 2026",
    a WordPress theme's category, author and day), read in either order (04-12-2026 is a
    date whichever it means)."""
    return (
        _word_count(line) <= _DATE_LINE_WORDS
        and find_date(line, latest, day_first=True) is not None
    )


def _word_count(line: str) -> int:
    """The words of ``line``, not its strokes ("/", "|"): a dash may join a dateline to its
    sentence ("4 December 2026 - The consulate is closed today.") and counts; a run of Thai
    or Burmese as long as it says (`count_words`), not one word between two spaces."""
    return count_words(" ".join(word for word in line.split() if word.strip("/|·•")), dense=False)


def _has_text(element: HtmlElement) -> bool:
    return isinstance(element.tag, str) and bool(element.text_content().strip())


def _title(tree: HtmlElement) -> str | None:
    """The title trafilatura's metadata gives the page.

    What ``bare_extraction(with_metadata=True)`` does for this field, in its order, and
    nothing else: its author, categories, tags and license searches cost more than the rest of
    its metadata and are not used here. Whether the page states a date is asked later, of the
    page without the boxes beside its story, and only of a page whose story has no date yet
    (`crawler.extraction.fields.boxless_date`).
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with contextlib.suppress(Exception):  # trafilatura logs and ignores faulty JSON-LD
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = _story_part(tree, extract_title(tree))
    metadata.clean_and_trim()
    return metadata.title


def _story_part(tree: HtmlElement, title: str | None) -> str | None:
    """trafilatura's ``title``, but the story's part of the <title> where trafilatura passed
    over it for a dot and took the site's name after it ("Embaixada celebra 51.º Aniversário
    da Independência Nacional - Embaixada de Angola na Sérvia"): a dot in a number (an
    ordinal, a date: "51.º", "1. decembra") is no domain's name nor an abbreviation ("U.S.
    Embassy in Serbia | Ambassador visits Novi Sad" is the site's name first). Not where the
    page has one <h1>, which trafilatura takes first; a heading it took by its names that is
    the site's name too ("<h2 class="site-title">") gives way all the same."""
    if not title:
        return title
    _, first, second = examine_title_element(tree)
    if (
        title == second
        and first
        and "." in first
        and _WORD_DOT.search(first) is None
        and len(tree.findall(".//h1")) != 1
    ):
        return first
    return title


#: A dot after a letter: a domain's name ("example.com"), an abbreviation ("U.S.", "St.").
_WORD_DOT = re.compile(r"[^\W\d_]\.")


def _prose_words(tree: HtmlElement) -> int:
    """Words in the page's sentences (lines of ten words or more, not menus or captions),
    if there are enough of them for a story; else 0."""
    words = sum(n for n in (len(p.split()) for p in visible_text(tree).split("\n\n")) if n >= 10)
    return words if words >= MIN_WORDS else 0


def trim(text: str, title: str, links: frozenset[str], latest: date) -> str:
    """Paragraphs of a whole-page extraction, without what is never story text.

    Drops a first line repeating the title (with a word or two of links beside it: SPIP's
    "Title [sr]") and the labels above it (`_above_title`), short lines stating a date before
    the story starts ("Published 5 March 2024", "Last updated: ...") or the label of one
    whose date the reading left out ("publié le"), lines that are the whole text of one of
    the page's ``links`` (teasers of other stories), and promotion lines ending the text
    ("Sign up ...").
    """
    anchors = {words for link in links if len((words := _words(link)).split()) >= 5}
    beside = {
        words for link in links if len((words := _words(link)).split()) <= _BESIDE_TITLE_WORDS
    }
    heading = _words(title)
    lines = paragraphs(text).split("\n\n")
    kept: list[str] = []
    dropped = last_kept = -2  # the last lines dropped as a link's and kept, none yet
    titled = False  # whether the run of links dropped last stands under a box's title
    for index, line in enumerate(lines[_above_title(lines, heading, beside) :]):
        words = _words(line)
        if not words or (index == 0 and _repeats(words, heading, beside)):
            continue
        if _linked(words, anchors):
            if dropped != index - 1:  # a run of links starts
                titled = bool(kept) and last_kept == index - 1 and _label(kept[-1])
            elif titled:  # its second line: a box of links under its title ("LATEST NEWS")
                kept.pop()
                titled = False
            dropped = index
            continue
        if not kept and _when_published(line, latest):
            continue
        kept.append(line)
        last_kept = index
    while kept and _PROMOTION.match(kept[-1]):
        kept.pop()
    return "\n\n".join(kept[: _teasers_below(kept, latest)])


def _linked(words: str, anchors: set[str]) -> bool:
    """Whether a line (its ``words``) is the whole text of a link of the page (of five words
    or more), or that text with a number or a date before or after it, as a sidebar's item
    reads ("- Course 2026-2 Concludes in Sofia27-11-2026", "- 2026.12.01 Ambassador ...")."""
    if words in anchors:
        return True
    if not any(c.isdigit() for c in words):
        return False
    # The line less a rest of figures and spaces after or before it (`_LINK_REST_SIZE`
    # characters at most), each in turn: a few lookups, not a test of each of the page's
    # hundreds of links.
    for size in range(1, min(_LINK_REST_SIZE, len(words) - 1) + 1):
        if not _REST_CHARACTER.fullmatch(words[-size]):
            break
        if words[:-size] in anchors:
            return True
    for size in range(1, min(_LINK_REST_SIZE, len(words) - 1) + 1):
        if not _REST_CHARACTER.fullmatch(words[size - 1]):
            break
        if words[size:] in anchors:
            return True
    return False


def _label(line: str) -> bool:
    """Whether ``line`` is a box's or a section's title: a few words, no sentence."""
    return len(line.split()) <= _LABEL_WORDS and not _SENTENCE.search(line)


#: What may follow a link's text on a sidebar's line: a date or a count, nothing of a sentence;
#: figures and spaces, this many characters at most.
_LINK_REST_SIZE = 16
_REST_CHARACTER = re.compile(r"[\d\s]")
#: A date's label alone, its date left out of the reading (Drupal's "Date" over a <time>).
_DATE_LABEL = re.compile(r"\W*(?:date|datum|датум|data|fecha|dátum)\W*", re.IGNORECASE)
#: Words of a box's title ("LATEST NEWS", "Related articles").
_LABEL_WORDS = 4
#: Words beside a title in the line that repeats it: a link to its translation ("[sr]").
_BESIDE_TITLE_WORDS = 2


#: Short lines a story's page may set above its title: a kicker, a category, a photo's credit.
_ABOVE_TITLE = 3


def _above_title(lines: list[str], heading: str, beside: set[str]) -> int:
    """How many lines stand above the line that repeats the title, when the title is among the
    first few and every line above it is a label ("Press Release", "Story", "© UNICEF/2026/
    Name", "Mətbuat relizi 20 yanvar 2026"): short and not a sentence. They head the story, its
    text starts under its title; else 0."""
    for index, line in enumerate(lines[: _ABOVE_TITLE + 1]):
        if _repeats(_words(line), heading, beside):
            return index
        if len(line.split()) > _LABEL_WORDS or _SENTENCE.search(line):
            return 0
    return 0


#: Words of a label above a title at most ("Mətbuat relizi 20 yanvar 2026", "Press Release").
_LABEL_WORDS = 8


def untitled(text: str, title: str) -> str:
    """``text`` without a first paragraph that repeats its ``title`` (a page whose <title>
    named the site as well, trimmed before its heading was known to be the title), nor the
    lines under it that only say when it was published (`trim` drops them above the text),
    where more follows."""
    lines = text.split("\n\n")
    if len(lines) < 2 or not _repeats(_words(lines[0]), _words(title), set()):
        return text
    if _SENTENCE_STOP.search(lines[0]):
        return text  # the story's first sentence, taken for its title: it stays its text
    start = 1
    while start < len(lines) - 1 and _stamp(lines[start]):
        start += 1
    return "\n\n".join(lines[start:])


def without_date_line(text: str, line: str | None) -> str:
    """``text`` without a first paragraph that is the ``line`` the story's date was read from
    beside its heading (`crawler.extraction.frame.stated_line`), or that line after a label
    of `_LABEL_BESIDE_DATE` words or fewer, in its paragraph or the one above ("Nota
    informativa", then "1 de diciembre de 2026 - 10:25 a. m."), where more follows: a date
    line that `trim` could not tell, its date written in words of a language only the
    newsroom's reading knows ("30 أيلول 2026"). Not a line of more than `_DATE_LINE_WORDS`
    words (a dash none) nor one that ends like a sentence (`_SENTENCE_END`): a lead's
    sentence that states a day, read as the story's date."""
    head = published_part(line) if line else ""
    size = sum(1 for word in head.split() if any(c.isalnum() for c in word))
    if not line or size > _DATE_LINE_WORDS or _SENTENCE_END.search(line):
        return text  # no date line: a sentence that states a day ("... 1.7.2026 alkaen.")
    stated = _words(line).split()
    paragraphs = text.split("\n\n")
    for at in range(min(2, len(paragraphs) - 1)):
        # The line, or the line under a label of its own ("Comunicado", then the date)
        opening = " ".join(paragraphs[: at + 1])
        words = _words(opening).split()
        if (
            stated
            and words[len(words) - len(stated) :] == stated
            and len(words) - len(stated) <= _LABEL_BESIDE_DATE
            and not _SENTENCE.search(opening[: len(opening) - len(line)])
        ):
            return "\n\n".join(paragraphs[at + 1 :])
    return text


#: A sentence's end: a stop after a word of three letters or more ("... closed today."), not
#: after a time's "p. m." nor a year's "2026.".
_SENTENCE_END = re.compile(r"[^\W\d_]{3}\.\W*$")
#: Words of a label read into one paragraph with the date line under it, at most.
_LABEL_BESIDE_DATE = 3


#: A stop after a word's letter at a line's end: a sentence's ("... delegaciju NATO."), not a
#: date's or an ordinal's ("novembar 2026.").
_SENTENCE_STOP = re.compile(r"[^\W\d_]\.\W*$")


def _stamp(line: str) -> bool:
    """Whether ``line`` only says when the story was published, in `_STAMP_WORDS` words or
    fewer ("30.11.2026", "Published 30 November 2026"): a short notice's sentence under its
    title ("The section is closed on 8 December 2026.") is its text."""
    return len(line.split()) <= _STAMP_WORDS and _when_published(line)


#: Words of a line under a title that says when the story was published, at most.
_STAMP_WORDS = 5


def _when_published(line: str, latest: date | None = None) -> bool:
    """Whether ``line`` only says when the story was published: a short line stating a date
    ("30.11.2026", "Published 5 March 2024") or the label of one ("publié le")."""
    return bool(
        _date_line(line, latest)
        or PUBLISHED_LABEL_ONLY.fullmatch(line)
        or _DATE_LABEL.fullmatch(line)
    )


def _repeats(words: str, heading: str, beside: set[str]) -> bool:
    """Whether the line of ``words`` is the title of ``heading``, or that and the words of a
    short link (``beside``: SPIP's "[sr]"), not "Embassy closed on Monday" under "Embassy
    closed"."""
    if not heading:
        return False
    return words == heading or (
        words.startswith(heading + " ") and words[len(heading) :].strip() in beside
    )


def without_teasers_below(text: str, latest: date) -> str:
    """``text`` without a box of other stories' teasers under it (`_teasers_below`)."""
    if "..." not in text and "…" not in text:
        return text  # no summary cut short, no box of teasers
    lines = paragraphs(text).split("\n\n")
    return "\n\n".join(lines[: _teasers_below(lines, latest)])


def _teasers_below(lines: list[str], latest: date) -> int:
    """Where a box of other stories' teasers that the reading kept under the story begins:
    a run to the end of dates, headings and summaries cut short ("…Read more"), two cut
    short at least, below a story's text (a cookie banner's line in it or after it is part of
    the run); else the number of lines (a reading of teasers only is a listing's,
    `classify.cut_short`)."""
    start, cut = len(lines), 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _CUT_SHORT.search(line):
            cut += 1
        elif not cookie_notice(line) and not (
            len(line.split()) <= _TEASER_LINE_WORDS
            and (find_date(line, latest) is not None or not _SENTENCE.search(line))
        ):
            break
        start = index
    return start if cut >= 2 and start > 0 else len(lines)


def _words(text: str) -> str:
    return _NOT_WORD.sub(" ", text).strip().casefold()
