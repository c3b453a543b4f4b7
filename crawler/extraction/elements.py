"""Small readings of a parsed page (lxml) that every stage shares: CSS selection, dropping
elements, meta tags and microdata, and an element's visible text as paragraphs."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from itertools import chain
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from crawler.core.families import PAGE_EXTENSION
from crawler.core.language import MARKS

__all__ = [
    "HEADINGS",
    "TEASER_WORDS",
    "TITLE_SEPARATOR",
    "base_url",
    "count_words",
    "drop",
    "first",
    "holds_story",
    "itemprop",
    "marked_site_names",
    "meta",
    "metas",
    "page_header",
    "paragraphs",
    "prose_words",
    "remove",
    "select",
    "shown_site_name",
    "spaceless",
    "squash",
    "teaser_blocks",
    "visible_text",
    "word_list",
]

_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dd", "dt", "pre", "blockquote", "center"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("table", "tr", "td", "th", "form", "figure", "figcaption"),
        *("section", "article", "header", "footer"),
    }
)


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    return list(CSSSelector(selector, translator="html")(tree))


def first(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for selector in selectors:
        found = select(tree, selector)
        if found:
            return found[0]
    return None


def remove(tree: HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for element in select(tree, selector):
            drop(element)


def drop(element: HtmlElement) -> None:
    """Remove ``element`` but keep the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


def meta(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//meta[@property=$n or @name=$n][@content]", n=name):
        content = squash(str(element.get("content", "")))
        if content:
            return content
    return ""


def metas(tree: HtmlElement) -> dict[str, str]:
    """`meta` of every name the page's meta tags have, read in one pass: the first tag that
    names it (by ``property`` or ``name``) with some content."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not (content := squash(str(content))):
            continue
        for name in (element.get("property"), element.get("name")):
            if name is not None:
                found.setdefault(name, content)
    return found


#: Microdata's publication date: once on a story's page, once per teaser on a listing.
DATE_PUBLISHED = lxml.etree.XPath(
    "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' datePublished ')]"
)


def publication_element(tree: HtmlElement) -> HtmlElement | None:
    """The page's one microdata ``datePublished`` element not of a comment (a reader's
    comment under the story is an item of its own). None where it has none, or several (a
    listing's teasers)."""
    found = [element for element in DATE_PUBLISHED(tree) if not _of_a_comment(element)]
    return found[0] if len(found) == 1 else None


def _of_a_comment(element: HtmlElement) -> bool:
    """Whether the item ``element`` states a property of is a comment (its type, or the
    property it is of another item). An item that is another's property is no comment for
    that: Blogger's post is its blog's ``blogPost``."""
    for ancestor in element.iterancestors():
        if ancestor.get("itemscope") is not None:
            kind = (ancestor.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
            return kind == "Comment" or "comment" in (ancestor.get("itemprop") or "").split()
    return False


def machine_date(element: HtmlElement | None) -> str | None:
    """The date a microdata date element (`publication_element`) states for machines: its
    ``datetime`` or ``content`` (``<time itemprop="datePublished" datetime="2026-12-01">
    12/01/2026</time>``), or an ``<abbr>``'s ``title``, as Blogger writes it. None where it
    states none: its value is only its visible text (a date line, read as one)."""
    if element is None:
        return None
    value = element.get("datetime") or element.get("content")
    if not value and element.tag == "abbr":  # microformats' abbr pattern (Blogger)
        value = element.get("title")
    return value.strip() if value and value.strip() else None


def itemprop(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//*[@itemprop=$n]", n=name):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return str(value).strip()
    return ""


def squash(text: str | None) -> str:
    """``text`` with each run of white space one space, none at its ends. (``str.split``
    splits where ``\\s`` matches, at a quarter of a regular expression's cost.)"""
    return " ".join(text.split()) if text else ""


def spaceless(text: str | None) -> str:
    """``text`` without white space: how two texts are compared when one runs together what
    the other spaces (an element's text where a ``<br>`` or a block's end separated lines)."""
    return "".join(text.split()) if text else ""


#: Heading elements.
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: The elements of a page's header, menus, sidebars and footer.
CHROME = frozenset({"header", "nav", "footer", "aside"})
#: Han characters and kana: Chinese and Japanese write no spaces between words.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Hangul syllables: Korean parts its words with spaces, but a word (a stem and its particles,
#: "관계자들과") says what two or three do in English.
_HANGUL = "\uac00-\ud7a3"
_DENSE_RUN = re.compile(f"[{CJK}{_HANGUL}]+")


#: Thai, Lao, Tibetan, Myanmar and Khmer letters and signs: these scripts space phrases, not
#: words, and write a syllable in several characters (a consonant, its vowel and tone signs).
_SYLLABIC = "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
#: The zero-width spaces and joiners such a text marks its words' bounds with: part of its run.
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_SYLLABIC_RUN = re.compile(f"[{_SYLLABIC}][{_SYLLABIC}{_ZERO_WIDTH}]*")
_ZERO_WIDTH_CHARACTER = re.compile(f"[{_ZERO_WIDTH}]")
#: Characters of such a script that make a word, about: a Burmese notice says in 626 what its
#: English twin says in 106 words.
_SYLLABIC_WORD = 5


def count_words(text: str, dense: bool = True) -> int:
    """Words of ``text``: what spaces part, a run of Han characters, kana or Hangul counting
    one word per two characters (Japanese writes a word in two or three; a Korean word holds
    its particles; not when ``dense`` is false: by its spaces), a run of a script that spaces
    phrases (`_SYLLABIC`: Burmese, Thai) one per `_SYLLABIC_WORD` characters, what stands
    between such runs only where it holds a letter or a digit (not a bracket, a quote)."""
    count = 0
    if runs := _SYLLABIC_RUN.findall(text):
        count += sum(-(-len(_ZERO_WIDTH_CHARACTER.sub("", run)) // _SYLLABIC_WORD) for run in runs)
        rest = _SYLLABIC_RUN.sub(" ", text).split()
        text = " ".join(word for word in rest if any(c.isalnum() for c in word))
    if not dense or not _DENSE_RUN.search(text):
        return count + len(text.split())
    runs = _DENSE_RUN.findall(text)
    return count + len(_DENSE_RUN.sub(" ", text).split()) + sum((len(run) + 1) // 2 for run in runs)


_WORD = re.compile(r"\w+")
#: The same, with the marks written on its letters (the vowel signs of Hindi "नवंबर", the tone
#: marks of Thai), which are no ``\w`` to a regex.
_MARKED_WORD = re.compile(rf"[\w{MARKS}]+")
#: Two characters of a run of Han characters, kana or Hangul (one at its end), or a run of
#: others.
_DENSE_PIECE = re.compile(f"[{CJK}{_HANGUL}]{{1,2}}|[^{CJK}{_HANGUL}]+")
#: `_SYLLABIC_WORD` characters of a run of a script that spaces phrases, or a run of others.
_SYLLABIC_PIECE = re.compile(f"[{_SYLLABIC}]{{1,{_SYLLABIC_WORD}}}|[^{_SYLLABIC}]+")


def word_list(text: str) -> list[str]:
    """The words of ``text`` in lower case, as `count_words` counts them: runs of letters,
    marks and digits, a run of Han characters, kana or Hangul cut in twos ("外交部长" is
    "外交", "部长"), one of a script that spaces phrases (Thai, Burmese) in pieces of
    `_SYLLABIC_WORD` characters, its zero-width spaces left out."""
    folded = text.casefold()
    if folded.isascii():
        return _WORD.findall(folded)
    if _SYLLABIC_RUN.search(folded):
        folded = _ZERO_WIDTH_CHARACTER.sub("", folded)
        words = [
            piece
            for word in _MARKED_WORD.findall(folded)
            for piece in _SYLLABIC_PIECE.findall(word)
        ]
    else:
        words = _MARKED_WORD.findall(folded)
    if not _DENSE_RUN.search(folded):
        return words
    return [piece for word in words for piece in _DENSE_PIECE.findall(word)]


def paragraphs(text: str) -> str:
    return "\n\n".join(p for p in (squash(line) for line in text.splitlines()) if p)


def visible_text(
    element: HtmlElement, links: bool = True, without: AbstractSet[HtmlElement] = frozenset()
) -> str:
    """The visible text of ``element``, one paragraph per block element or line break;
    without its links' texts when not ``links``, and as if the elements ``without`` were
    dropped (the text after each kept)."""
    chunks: list[str] = []

    def walk(node: HtmlElement, linked: bool) -> None:
        if node in without:
            if node.tail and not linked:
                chunks.append(node.tail)
            return
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            chunks.append("\n")
        inside = linked or (not links and tag == "a")
        if node.text and tag != "br" and not inside:
            chunks.append(node.text)
        for child in node:
            walk(child, inside)
        if block:
            chunks.append("\n")
        if node.tail and not linked:
            chunks.append(node.tail)

    walk(element, False)
    return paragraphs("".join(chunks))


#: A line of prose, not a menu's, a heading's or a date's.
_LINE_OF_PROSE = 10


def prose_words(element: HtmlElement, without: AbstractSet[HtmlElement] = frozenset()) -> int:
    """Words in the sentences of ``element`` (but the elements ``without``): its lines of
    `_LINE_OF_PROSE` words or more besides the texts of its links (a menu on one line is
    none)."""
    return sum(
        count
        for line in visible_text(element, links=False, without=without).splitlines()
        if (count := len(line.split())) >= _LINE_OF_PROSE
    )


#: More words than this in an <article> or an item beside others make a story, not a teaser
#: (`teaser_blocks`).
TEASER_WORDS = 80
#: Headings a teaser's title link sits in.
_TEASER_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5"})


def teaser_blocks(tree: HtmlElement, own: set[str], base: str) -> list[HtmlElement]:
    """The teasers of other pages than the page at ``own`` (its URLs, without fragments) in
    ``tree``, whose links are relative to ``base``: each link is followed up its
    ancestors once, to its <article> when a heading holds it, and to the first <article>,
    <li>, <div> or table row that stands beside others alike; no item is judged twice (one
    walk of the page, however many links and items)."""
    teasers: dict[HtmlElement, None] = {}
    judged: set[HtmlElement] = set()
    words: dict[HtmlElement, int] = {}

    def count(element: HtmlElement) -> int:
        if element not in words:
            words[element] = count_words(element.text_content(), dense=False)
        return words[element]

    def elsewhere(anchor: HtmlElement) -> bool:
        href = str(anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            return False
        return urldefrag(urljoin(base, href)).url not in own

    for anchor in tree.iter("a"):
        if anchor.get("href") is None:
            continue
        headed = False  # a heading holds the link, below its nearest <article>
        grouping = True  # still looking for the item the link stands in
        for ancestor in anchor.iterancestors():
            tag = ancestor.tag
            if tag in _TEASER_HEADINGS:
                headed = True
            if tag not in ("article", "li", "div", "tr"):
                continue
            if tag == "article":
                if (
                    headed
                    and ancestor not in teasers
                    and count(ancestor) <= TEASER_WORDS  # a story's own is longer
                    and elsewhere(anchor)
                ):
                    teasers[ancestor] = None
                headed = False  # only the nearest <article> is the heading's
            if not grouping:
                if tag == "article":
                    break
                continue
            if ancestor in judged or count(ancestor) > TEASER_WORDS:
                grouping = False
                continue
            judged.add(ancestor)
            group = _alike(ancestor)
            if len(group) >= 2:
                grouping = False
                judged.update(group)  # each group judged once: a menu of a thousand items
                if (
                    all(next(e.iter("a"), None) is not None for e in group)
                    and all(count(e) <= TEASER_WORDS for e in group)
                    and elsewhere(anchor)
                ):
                    teasers.update(dict.fromkeys(group))
    return list(teasers)


def _alike(item: HtmlElement) -> list[HtmlElement]:
    """``item`` and its siblings of its tag and class."""
    parent = item.getparent()
    if parent is None:
        return [item]
    name = item.get("class") or ""
    return [e for e in parent.iterchildren(item.tag) if (e.get("class") or "") == name]


#: What marks the story itself in a page's markup: an <article>, schema.org's articleBody,
#: the hAtom microformat's entry (WordPress, Blogger and many themes write it).
_STORY_MARK = lxml.etree.XPath(
    "descendant-or-self::article | descendant-or-self::*[contains(@itemprop, 'articleBody')]"
    " | descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
)


def holds_story(element: HtmlElement) -> bool:
    """Whether ``element`` holds the story's own markup (`_STORY_MARK`): a box by its name (a
    "widget", as Blogger names the column of its posts) that does is no box beside the story."""
    return bool(_STORY_MARK(element))


#: What parts a page's <title>: "Story - Site", "Site | Story", "Blog: Post".
TITLE_SEPARATOR = re.compile(r"\s+[|–—:»·-]\s+|:\s+")


#: What a page's header is named, where a site shows its name and its clock: WordPress's
#: "site-branding" and "site-title", Drupal's "site-name", Joomla's "header" and "top" bar
#: ("date_top"), a "masthead", a "logo".
_HEADER_NAME = re.compile(
    r"header|masthead|branding|site-?(?:title|name)|logo|(?:^|[\s_-])top(?:bar)?(?:$|[\s_-])",
    re.IGNORECASE,
)
#: ... not a story's own header under those names: Bootstrap's "page-header" around its title,
#: WordPress's "entry-header", a "subheader" line under the heading.
_OWN_HEADER = re.compile(
    r"(?:page|entry|article|post|story|news|content|sub|section|card|item|node|block)[-_]?header",
    re.IGNORECASE,
)
#: A page's footer, where a site repeats its name under every page.
_FOOTER_NAME = re.compile(r"footer", re.IGNORECASE)


#: Headings a template marks as the site's name, in their own class, an element around them or
#: one inside (``<h1 class="site-title">``, ``<h1><span class="site-name">``): their text, and
#: the fuller or shorter name a marked element's ``title`` gives ("Veľvyslanectvo SR v
#: Belehrade"), name the site, not a story; so does a heading beside the logo, in its box
#: (``<div class="mfa-logo"><a><img></a><h1>``). (Headings only: a walk over every element's class
#: costs more than the rest of the page's names.)
_MARKED_HEADINGS = lxml.etree.XPath(
    "(//h1 | //h2)[contains(@class, 'site') or ancestor::*[contains(@class, 'site')]"
    " or descendant::*[contains(@class, 'site')]"
    " or ancestor::a[contains(@class, 'brand') or contains(@class, 'logo')]"
    " or parent::*[contains(@class, 'logo')]]"
)
#: Classes that mark the site's name: "site-name", "site-title", and the link of its logo
#: ("brand", Bootstrap's "navbar-brand", "logo") that a heading of the name may stand in
#: (the Swiss federal template's "<a class='brand'><img><h1>... EDA</h1></a>").
_SITE_NAME_CLASS = re.compile(
    r"(?:^|\s)(?:site[-_]?(?:name|title)|(?:navbar[-_])?brand|logo)(?:$|\s)", re.IGNORECASE
)
#: The class of a logo's box around the heading of the site's name ("mfa-logo",
#: "header_logo"; not "has-logo", a page's mark that it shows one).
_LOGO_BOX = re.compile(r"(?:^|\s)(?!has[-_]|with[-_]|no[-_])[^\W_]+[-_]logo(?:$|\s)", re.IGNORECASE)
#: Words of a marked site name: more is a box so named, not a name.
_SITE_NAME_WORDS = 12


def marked_site_names(tree: HtmlElement) -> set[str]:
    """What the headings the page marks as its site's name say (`_MARKED_HEADINGS`)."""
    names = set()
    for heading in _MARKED_HEADINGS(tree):
        marked = [
            element
            for element in chain(heading.iterancestors(), heading.iter())
            if _SITE_NAME_CLASS.search(str(element.get("class") or ""))
        ]
        parent = heading.getparent()
        if parent is not None and _LOGO_BOX.search(str(parent.get("class") or "")):
            marked.append(parent)  # the logo's box the heading stands in: "mfa-logo"
        if not marked:
            continue
        for name in (heading.text_content(), *(str(e.get("title") or "") for e in marked)):
            if (name := squash(name)) and len(name.split()) <= _SITE_NAME_WORDS:
                names.add(name)
    return names


def shown_site_name(tree: HtmlElement, url: str = "") -> str:
    """The part of a <title> of two parts or more ("Story - Site") that the page shows in its
    header (`_HEADER_NAME`, ``<header>``, not an article's) as a text of its own, outside any
    link but a brand's to the site's root, when it shows another part below it (the story's
    heading): Joomla 1.5's templates head every page with the site's name in an <h1>, gov.me
    its brand's link (to the root of the site of the page at ``url``). Else ""."""
    head = tree.find("head")
    title = head.find("title") if head is not None else None
    body = tree.find("body")
    if title is None or body is None:
        return ""
    parts = {part.casefold(): part for part in TITLE_SEPARATOR.split(squash(title.text_content()))}
    if len(parts) < 2:
        return ""
    site = ""
    longest = max(map(len, parts))
    for element in body.iter():
        raw = element.text
        if not raw or len(raw) < 2 or element.tag == "a" or not isinstance(element.tag, str):
            continue
        text = squash(raw).casefold()
        if len(text) > longest:
            continue
        if text not in parts or text == site:
            continue
        link = next(element.iterancestors("a"), None)
        if link is not None and not (not site and _to_root(link, url)):
            continue  # a link's text: a section's name, but a brand's link to the home page
        if site:
            # another part, below the site's name, and no footer's line: the story's heading
            return "" if _in_footer(element) else parts[site]
        if len(text.split()) < 2 or page_header(element) is None:
            if link is not None:
                continue  # a brand's short name ("MOD"): its full name may follow
            return ""  # a name of two words or more ("Home" is no site's name)
        site = text
    return ""


def _to_root(link: HtmlElement, url: str) -> bool:
    """Whether ``link`` leads to the root of the site of the page at ``url`` ("/",
    "https://www.gov.me/"), or of one of its languages (`_LANGUAGE_HOME`): a header's brand
    ("<a href='/'><img><span>Vlada Crne Gore</span></a>"); not "#" (a menu's toggle), nor
    another site's root (a parent ministry's)."""
    href = str(link.get("href") or "").strip()
    if not href or href[0] in "#?":
        return False
    try:
        parts, here = urlsplit(href), urlsplit(url)
    except ValueError:  # "https://[www...": no address
        return False
    host = parts.netloc.lower().removeprefix("www.")
    language = _LANGUAGE_HOME.fullmatch(parts.path)
    return (
        not parts.query
        and (
            parts.path in ("", "/")
            # its language's home, where the page is in that language's folder ("/th/index"
            # from "/th/content/..."): not another section of two letters ("/eu/", "/tv/")
            or (
                language is not None
                and f"{here.path.lower()}/".startswith(f"/{language['code'].lower()}/")
            )
        )
        and (not host or host == here.netloc.lower().removeprefix("www."))
    )


#: The home page of one language of a site: its code, maybe with its region or script, then
#: nothing or a default page ("/th/index", "/en/", "/sr-latn/index.html"), where a
#: multilingual site's brand leads.
_LANGUAGE_HOME = re.compile(
    rf"/(?P<code>[a-z]{{2}}(?:[-_][a-z]{{2,4}})?)(?:/(?:index|default|home)(?:{PAGE_EXTENSION})?)?/?",
    re.IGNORECASE,
)


def _name(element: HtmlElement) -> str:
    """``element``'s id and classes."""
    return f"{element.get('id') or ''} {element.get('class') or ''}"


def _in_footer(element: HtmlElement) -> bool:
    return any(
        e.tag == "footer" or _FOOTER_NAME.search(_name(e))
        for e in chain((element,), element.iterancestors())
    )


def _named_header(element: HtmlElement) -> bool:
    name = _name(element)
    return _HEADER_NAME.search(name) is not None and _OWN_HEADER.search(name) is None


def page_header(element: HtmlElement) -> HtmlElement | None:
    """The page's header ``element`` is in (`_HEADER_NAME`, ``<header>``; not an <article>'s
    or <main>'s own), or None."""
    header = None
    for ancestor in chain((element,), element.iterancestors()):
        if ancestor.tag in ("article", "main"):
            return None
        if header is None and (ancestor.tag == "header" or _named_header(ancestor)):
            header = ancestor
    return header


def base_url(url: str, tree: HtmlElement) -> str:
    """What the page's relative links are relative to: its ``<base href>`` (Plone and TYPO3
    write one on every page), else its own ``url``."""
    for base in tree.iter("base"):
        href = str(base.get("href") or "").strip()
        if href:
            return urljoin(url, href)
    return url
