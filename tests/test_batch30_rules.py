"""General rules batch30 taught, each written from the markup a CMS really renders, not from
the blind sites' own pages: a bold line at the head of a story's text (a bulletin's number)
is no heading under the story's own <h1>, so the date line between them is read; the date
line a story was dated by does not open its text, in whatever language it is written; the
Levantine and the Egyptian Arabic months are months without a language to read them by; a
short story trafilatura runs together is read in its lines; a portal's "Informes y
publicaciones" page is a publication's; and a switcher's link to the page's own address with
a language's code put in or taken out leads to its translation. Then what the review of
these rules found (a banner of the site's name, a first sentence that states its day, a
script's twin, a bar of links to the Arabic home page)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import _date_line, _run_of_lines, read_page, without_date_line
from crawler.extraction.dates import find_date
from crawler.extraction.decode import parse_page
from crawler.extraction.frame import story_frame
from crawler.extraction.page import Page

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE_ES = (
    "El Encargado de Negocios de la Embajada se reunió con representantes de la Cámara de"
    " Comercio para revisar el intercambio comercial bilateral y las oportunidades de negocio. "
) * 3
PROSE_AR = (
    "بحث سفير المملكة لدى جمهورية صربيا مع وزير الخارجية الصربي سبل تعزيز العلاقات الثنائية"
    " بين البلدين الصديقين في المجالات السياسية والاقتصادية والثقافية والتعليمية. "
) * 3


def _read(html: str, url: str, languages: tuple[str, ...]) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- a bold line at the head of the text, under the story's <h1> -----------------------------------


def _portal(
    date_line: str, kind: str = "Nota de prensa", bold: str = "Nota de prensa 563 - 26"
) -> str:
    """A state portal's news item: its <h1>, a label of its kind, links to its topics, the
    date line, a photo with its credit, then its text, which opens with the bulletin's number
    in bold (a "Comunicado" has none)."""
    opening = f"<p><strong>{bold}</strong></p>" if bold else ""
    return f"""<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>Perú y Serbia realizaron consultas políticas - Embajada - Plataforma del Estado</title>
</head><body><header><a href="/">Plataforma digital única del Estado</a></header>
<main><article><h1>Perú y Serbia realizaron consultas políticas</h1>
<div><span>{kind}</span></div>
<div><a href="/busquedas?tema[]=Serbia">Serbia</a>
<a href="/busquedas?tema[]=Comercio">Comercio</a></div>
<p>{date_line}</p>
<figure><img src="/uploads/photo.jpg" alt=""><figcaption>Foto: Embajada</figcaption></figure>
<div class="formatted-content">{opening}<p>{PROSE_ES}</p><p>{PROSE_ES}</p></div>
</article></main><footer>Plataforma del Estado</footer></body></html>"""


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("27 de noviembre de 2026 - 11:40 a. m.", date(2026, 11, 27)),
        ("3 de setiembre de 2026 - 4:40 p. m.", date(2026, 9, 3)),
    ],
)
def test_a_bold_line_opening_the_text_is_no_heading_under_the_storys_own(
    line: str, day: date
) -> None:
    article = _read(_portal(line), "https://portal.example/embajada/noticias/1411563-peru", ("es",))
    assert isinstance(article, Article)
    assert article.title == "Perú y Serbia realizaron consultas políticas"
    assert article.published == day
    assert article.text.startswith("Nota de prensa 563 - 26\n\nEl Encargado")


def test_a_label_over_the_date_line_does_not_open_the_text() -> None:
    html = _portal("24 de setiembre de 2026 - 6:20 p. m.", kind="Comunicado", bold="")
    # The label stands right above the date line where no topic's links part them.
    html = html.replace('<div><a href="/busquedas?tema[]=Serbia">Serbia</a>', "<div>")
    html = html.replace('<a href="/busquedas?tema[]=Comercio">Comercio</a></div>', "</div>")
    assert "busquedas" not in html
    article = _read(html, "https://portal.example/embajada/noticias/1405128-comunicado", ("es",))
    assert isinstance(article, Article)
    assert article.published == date(2026, 9, 24)
    assert article.text.startswith("El Encargado")


def _frame_heading(html: str, url: str) -> str:
    page = Page(
        parse_page(html.encode(), None),
        url,
        generic_newsroom(("es",)),
        FAMILIES["generic"],
        FETCHED.date(),
    )
    reading = read_page(page)
    assert not isinstance(reading, Rejected)
    frame = story_frame(page, reading.text)
    assert frame is not None and frame.heading is not None
    return frame.lines[frame.heading].text


def test_a_heading_element_under_the_title_still_heads_the_text() -> None:
    """Only a line bold in no heading element gives way to the <h1> above it: an <h2> over
    the text heads it, as before."""
    html = f"""<html lang="es"><head><title>Festival de cine latinoamericano - Embajada</title>
</head><body><h1>Festival de cine latinoamericano</h1><p>20.11.2026</p>
<h2>Una película peruana en Belgrado</h2><p>{PROSE_ES}</p><p>{PROSE_ES}</p></body></html>"""
    heading = _frame_heading(html, "https://embajada.example/noticias/festival-de-cine")
    assert heading == "Una película peruana en Belgrado"


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        # the <title> names the site only: the section's <h1> is no story's title
        ("Embajada del Perú", "Nota de prensa 871 - 26"),
        # the <title> names the <h1>: the bold line under it is the text's
        (
            "Festival de cine latinoamericano - Embajada del Perú",
            "Festival de cine latinoamericano",
        ),
    ],
)
def test_a_bold_line_heads_the_text_unless_the_title_names_the_heading_above(
    title: str, heading: str
) -> None:
    """An old template's section heading over the story's bold title heads nothing; an <h1>
    the <title> names heads the story, and the bold line under it is the text's."""
    html = f"""<html lang="es"><head><title>{title}</title></head><body><div id="content">
<h1>{title.split(" - ")[0] if " - " in title else "Noticias"}</h1>
<p><b>Nota de prensa 871 - 26</b></p><p>20.11.2026</p>
<p>{PROSE_ES}</p><p>{PROSE_ES}</p></div></body></html>"""
    assert _frame_heading(html, "https://embajada.example/noticias/festival-de-cine") == heading


#: A lead's sentence of nine words that states a day.
_LEAD = (
    "Passi- ja henkilökorttihakemusten ajanvaraus siirtyy sähköiseen järjestelmään 1.7.2026 alkaen."
)


@pytest.mark.parametrize(
    ("text", "line", "kept"),
    [
        ("30 أيلول 2026\n\nبحث القائم بالأعمال", "30 أيلول 2026", "بحث القائم بالأعمال"),
        ("Comunicado\n\n24 de setiembre de 2026\n\nLa Embajada", "24 de setiembre de 2026", "La"),
        ("Nota informativa 1 de diciembre de 2026\n\nLa Embajada", "1 de diciembre de 2026", "La"),
        # A sentence that ends with the day is the story's text; so is a text of one line.
        (
            "La sección consular estará cerrada el 8 de diciembre de 2026\n\nLa Embajada",
            "8 de diciembre de 2026",
            "La sección",
        ),
        ("24 de setiembre de 2026", "24 de setiembre de 2026", "24 de"),
        # a sentence above the date line is no label
        ("Cerrado hoy.\n\n8 de diciembre de 2026\n\nLa Embajada", "8 de diciembre de 2026", "Ce"),
        ("La Embajada\n\nMás", None, "La Embajada"),
        # a lead's sentence the date was read from is no date line
        (f"{_LEAD}\n\nSuurlähetystö", _LEAD, "Passi-"),
    ],
)
def test_the_date_line_a_story_was_dated_by_does_not_open_its_text(
    text: str, line: str | None, kept: str
) -> None:
    assert without_date_line(text, line).startswith(kept)


# -- the Levantine Arabic months -----------------------------------------------------------------

_LEVANTINE = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]


@given(st.dates(date(2000, 1, 1), date(2026, 12, 4)), st.sampled_from([" ", "  ", "\u00a0"]))
def test_the_levantine_months_are_months(day: date, space: str) -> None:
    name = _LEVANTINE[day.month - 1].replace(" ", space)
    stated = find_date(f"{day.day} {name} {day.year}", date(2026, 12, 4))
    assert stated is not None
    assert stated.day == day


def test_an_arab_ministrys_page_is_dated_by_its_levantine_date_line() -> None:
    html = f"""<html lang="ar" dir="rtl"><head><title>السفارة في بلغراد</title></head><body>
<form method="post" action="./5091"><div class="news-details">
<h2><span id="ContentMain_lblContentTitle">ندوة حول القدس في جامعة بلغراد</span></h2>
<p class="date"><span id="ContentMain_lblDate">15 تشرين الأول 2026</span></p>
<span id="ContentMain_lblBody"><p>{PROSE_AR}</p><p>{PROSE_AR}</p></span></div></form>
</body></html>"""
    article = _read(html, "https://mfa.example/Mission/news/details/5091", ("ar", "en"))
    assert isinstance(article, Article)
    assert article.published == date(2026, 10, 15)
    assert article.text.startswith("بحث سفير")


# -- a publication's page on a state portal --------------------------------------------------------


def _document(folder: str, label: str) -> str:
    return f"""<html lang="es"><head><title>Requisitos del pasaporte - Embajada</title></head>
<body><header><a href="/">Plataforma del Estado</a></header><main>
<h1>Requisitos para la obtención del pasaporte electrónico</h1>
<p class="label">{label}</p><p>16 de marzo de 2026</p>
<div><p>Documento publicado por la Embajada para información de los connacionales.</p></div>
<div><p>requisitos-pasaporte.pdf</p><a href="/uploads/{folder}/file/612/requisitos.pdf"
download>Descargar</a></div></main></body></html>"""


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://portal.example/embajada/informes-publicaciones/612-requisitos", "Documento"),
        ("https://portal.example/embajada/documentos/612-requisitos", "Informes y publicaciones"),
    ],
)
def test_a_portals_publication_is_no_story(url: str, label: str) -> None:
    result = _read(_document("document", label), url, ("es",))
    assert isinstance(result, Rejected)
    assert result.reason is Reason.NOT_A_STORY


def test_a_news_item_with_a_document_to_download_stays_a_story() -> None:
    html = _document("document", "Nota de prensa").replace(
        "<p>Documento publicado por la Embajada para información de los connacionales.</p>",
        f"<p>{PROSE_ES}</p>",
    )
    article = _read(html, "https://portal.example/embajada/noticias/612-requisitos", ("es",))
    assert isinstance(article, Article)


# -- a switcher's link to the page's own address, a language's code put in or taken out ----------


def _mission(lang: str, switch: str, href: str) -> str:
    prose = PROSE_AR if lang == "ar" else "The Ambassador met the Minister in Belgrade. " * 12
    return f"""<html lang="{lang}"><head><title>Mission</title></head><body>
<div class="top-bar"><ul><li><a href="/{lang}">Ministry</a></li><li><a href="/{lang}/missions">
Missions</a></li><li class="lang"><a href="{href}">{switch}</a></li></ul></div>
<h1>Ambassador meets the Minister of Foreign Affairs</h1><p>1 كانون الأول 2026</p>
<p>{prose}</p><p>{prose}</p></body></html>"""


@pytest.mark.parametrize(
    ("lang", "url", "switch", "href", "translation"),
    [
        (
            "ar",
            "https://mfa.example/Mission/news/details/5127",
            "English",
            "/Mission/en/news/details/5127",
            ("https://mfa.example/Mission/en/news/details/5127", "en"),
        ),
        (
            "en",
            "https://mfa.example/Mission/en/news/details/5127",
            "عربي",
            "/Mission/news/details/5127",
            ("https://mfa.example/Mission/news/details/5127", "ar"),
        ),
    ],
)
def test_a_language_code_put_in_or_taken_out_leads_to_the_translation(
    lang: str, url: str, switch: str, href: str, translation: tuple[str, str]
) -> None:
    article = _read(_mission(lang, switch, href), url, ("ar", "en"))
    assert isinstance(article, Article)
    assert translation in article.translations


@pytest.mark.parametrize(
    ("lang", "url", "switch", "href"),
    [
        # a section of the other language, not this page's twin
        ("ar", "https://mfa.example/Mission/news/details/5127", "English", "/Mission/en/news"),
        # a segment that is no language's code
        (
            "ar",
            "https://mfa.example/Mission/news/details/5127",
            "English",
            "/Mission/x/news/details/5127",
        ),
        # the page's own language taken out and named by no language
        (
            "en",
            "https://mfa.example/Mission/en/news/details/5127",
            "Print",
            "/Mission/news/details/5127",
        ),
    ],
)
def test_no_translation_where_the_address_is_no_twins(
    lang: str, url: str, switch: str, href: str
) -> None:
    article = _read(_mission(lang, switch, href), url, ("ar", "en"))
    assert isinstance(article, Article)
    assert article.translations == ()


# -- the Arabic months, and a short notice that trafilatura runs together ------------------------

_ARABIC = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]


@given(st.dates(date(2000, 1, 1), date(2026, 12, 4)), st.sampled_from(["", ",", "\u060c"]))
def test_the_arabic_months_are_months_without_a_language_to_read(day: date, comma: str) -> None:
    """WordPress writes "4 ديسمبر، 2026" (its "j F، Y", the Arabic comma)."""
    stated = find_date(f"{day.day} {_ARABIC[day.month - 1]}{comma} {day.year}", date(2026, 12, 4))
    assert stated is not None
    assert stated.day == day


def _astra(notice: str) -> str:
    """A short notice as WordPress's Astra theme renders a post: the <h1>, the meta line of
    its category, its author and its day, the text, a share box, and a footer of its tags."""
    meta = (
        '<span class="cat-links"><a href="/category/ads/" rel="category tag">إعلانات</a></span>'
        ' / بواسطة <span class="posted-by"><a href="/author/e/">إدارة السفارة</a></span> / '
        '<span class="posted-on"><span class="published" itemprop="datePublished">'
        " 4 ديسمبر، 2026 </span></span>"
    )
    share = (
        '<div class="sharing"><div class="sharing-title">شارك</div>'
        '<a href="https://www.facebook.com/sharer/sharer.php?u=x"></a></div>'
    )
    return f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8">
<title>إعلان بشأن العطلة الرسمية &#8211; سفارة</title></head><body>
<header class="site-header"><a href="/">سفارة</a></header><main id="main">
<article class="post-418 post type-post status-publish" itemscope>
<header class="entry-header">
<h1 class="entry-title" itemprop="headline">إعلان بشأن العطلة الرسمية</h1>
<div class="entry-meta">{meta}</div></header>
<div class="entry-content" itemprop="text">{notice}{share}</div>
<footer class="entry-footer"><span class="tags-links">الوسوم: <a href="/tag/ad/" rel="tag">إعلان</a>
</span></footer></article></main></body></html>"""


def test_a_short_notice_run_together_is_read_in_its_lines() -> None:
    first = "تعلن السفارة أن مقرها والقسم القنصلي سيكونان مغلقين يوم الخميس 24 ديسمبر 2026."
    second = "وتستأنف السفارة عملها بشكل اعتيادي يوم الجمعة 25 ديسمبر 2026، وكل عام والوطن بخير."
    article = _read(
        _astra(f"<p>{first}</p><p>{second}</p>"), "https://e.example/2026/12/04/x/", ("ar",)
    )
    assert isinstance(article, Article)
    assert article.published == date(2026, 12, 4)
    assert article.text.startswith(f"{first}\n\n{second}")


@pytest.mark.parametrize(
    ("line", "date_line"),
    [
        ("إعلانات / بواسطة إدارة السفارة / 4 ديسمبر، 2026", True),
        ("News / By the Press Office of the Embassy / 4 December 2026", False),
    ],
)
def test_a_separator_is_no_word_of_a_date_line(line: str, date_line: bool) -> None:
    assert _date_line(line) is date_line


# -- what the review found ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        "4 December 2026 – The minister met the French ambassador in Belgrade today.",
        "BELGRADE, 3 December 2026 – Serbia and France signed a new agreement on energy.",
        "4 December 2026 - The consulate is closed today.",
    ],
)
def test_a_first_sentence_that_states_the_day_stays_the_text(first: str) -> None:
    prose = "The minister thanked the builders, the nurses and the doctors of the new wing. " * 4
    html = f"""<html lang="en"><head><title>Minister meets ambassador - Ministry</title></head>
<body><article><h1>Minister meets ambassador</h1><p>{first}</p><p>{prose}</p><p>{prose}</p>
</article></body></html>"""
    article = _read(html, "https://mfa.example/news/minister-meets-ambassador", ("en",))
    assert isinstance(article, Article)
    assert article.text.startswith(first)


def _old_portal(banner: str, clock: str = "") -> str:
    prose = "The minister thanked the builders, the nurses and the doctors of the new wing. " * 4
    return f"""<html><head><title>Embassy of the Republic of Serbia in Canberra</title></head>
<body>{banner.format(name="Embassy of the Republic of Serbia in Canberra", clock=clock)}
<p><strong>Minister Dacic meets his Australian counterpart</strong></p><p>03.12.2026.</p>
<p>{prose}</p><p>{prose}</p></td></tr></table></body></html>"""


@pytest.mark.parametrize(
    "banner",
    [
        # a header's <h1> of the site's name, its clock under it
        '<table><tr><td><div id="header"><h1>{name}</h1>{clock}</div><ul><li><a href="/">Home'
        '</a></li><li><a href="/news/">News</a></li></ul></td></tr><tr><td id="content">',
        # a layout table's banner cell, the story in the cell below
        '<table><tr><td><h2>{name}</h2>{clock}</td></tr><tr><td><a href="/">Home</a> <a href="'
        '/news/">News</a></td><td>',
    ],
)
def test_a_banner_of_the_sites_name_heads_no_bold_title(banner: str) -> None:
    html = _old_portal(banner, "<div>Friday, 27 November 2026</div>")
    url = "https://canberra.example/news/1234/"
    assert _frame_heading(html, url) == "Minister Dacic meets his Australian counterpart"
    article = _read(html, url, ("en",))
    assert isinstance(article, Article)
    assert article.published == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("lang", "switch", "href"),
    [
        ("sr-Latn", "Ћирилица", "/sr-cyrl/vesti/5127"),  # a script's twin
        ("sr", "Srpski", "/sr/vesti/5127"),  # the page's own language
        ("en", "Save", "/my/vesti/5127"),  # no language named ("my" is Burmese's code)
        ("en", "ID", "/id/vesti/5127"),
    ],
)
def test_a_code_put_in_leads_to_a_translation_only_in_another_language_named(
    lang: str, switch: str, href: str
) -> None:
    html = f"""<html lang="{lang}"><head><title>Ministar - Ministarstvo</title></head><body>
<ul class="top"><li><a href="/">Home</a></li><li><a href="{href}">{switch}</a></li></ul>
<article><h1>Ministar se sastao sa ambasadorom</h1><p>03.12.2026.</p>
<p>{"Ministar je zahvalio graditeljima, sestrama i lekarima novog krila bolnice. " * 5}</p>
</article></body></html>"""
    article = _read(html, "https://mfa.example/vesti/5127", ("sr", "en"))
    assert isinstance(article, Article)
    assert article.translations == ()


@given(
    st.lists(st.text(alphabet="abc d", min_size=1, max_size=6), min_size=1, max_size=30),
    st.data(),
)
def test_a_run_of_lines_is_found_whole_or_not_at_all(lines: list[str], data: st.DataObject) -> None:
    lines = [line for line in lines if line.strip()] or ["a"]
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start, len(lines) - 1))
    joined = "".join("".join(lines[start : end + 1]).split())
    run = _run_of_lines(lines, joined)
    assert run is not None
    # the run found is lines of the list, whole, in a row, whose text is the one looked for
    found = run.split("\n\n")
    assert any(lines[i : i + len(found)] == found for i in range(len(lines)))
    assert "".join("".join(found).split()) == joined
    assert _run_of_lines(lines, joined + "x" * 40) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.example/mre/pt-br/publicacoes/relatorio-anual",
        "https://portal.example/embajada/publicacion/612-requisitos",
    ],
)
def test_a_publication_by_its_portuguese_or_spanish_folder(url: str) -> None:
    result = _read(_document("document", "Documento"), url, ("es",))
    assert isinstance(result, Rejected)
    assert result.reason is Reason.NOT_A_STORY


_BOLD_STORY = """<p><strong>Minister Dacic meets his Australian counterpart</strong></p>
<p>03.12.2026.</p><p>{prose}</p><p>{prose}</p>"""
_PROSE_EN = "The minister thanked the builders, the nurses and the doctors of the new wing. " * 4


@pytest.mark.parametrize(
    ("head", "body"),
    [
        # the <title> is the site's name alone, the banner's <h1> in the story's own box
        (
            "<title>Embassy of the Republic of Serbia in Canberra</title>",
            '<div id="page"><h1>Embassy of the Republic of Serbia in Canberra</h1>{story}</div>',
        ),
        # a part of the <title> that the page names the site by (og:site_name)
        (
            "<title>Embassy of the Republic of Serbia in Canberra - News</title><meta property="
            '"og:site_name" content="Embassy of the Republic of Serbia in Canberra">',
            '<div id="page"><h1>Embassy of the Republic of Serbia in Canberra</h1>{story}</div>',
        ),
        # a section's heading in the header, the story in a box of its own
        (
            "<title>Vesti i saopštenja ambasade - Ambasada Srbije</title>",
            '<div id="header"><h1>Vesti i saopštenja ambasade</h1></div>'
            '<div id="content">{story}</div>',
        ),
    ],
)
def test_a_heading_the_title_names_heads_no_bold_title_of_another_box_or_the_sites(
    head: str, body: str
) -> None:
    story = _BOLD_STORY.format(prose=_PROSE_EN)
    html = f"<html><head>{head}</head><body>{body.format(story=story)}</body></html>"
    heading = _frame_heading(html, "https://canberra.example/news/1234/")
    assert heading == "Minister Dacic meets his Australian counterpart"


def test_arabics_adjective_in_a_bar_of_links_to_the_arabic_home_names_no_translation() -> None:
    """ "عربي" names Arabic only in a link to the page's own address: in a bar of the site's
    links it leads to the Arabic home page (Egypt's MFA portal), which is no translation."""
    prose = "The Embassy held an information session at the University of Belgrade. " * 5
    html = f"""<html lang="en"><head><title>Scholarships - Embassy</title></head><body>
<div class="toplinks"><a href="/English/Pages/default.aspx">Ministry</a> |
<a href="/English/Mission/Consular/Pages/default.aspx">Consular Services</a> |
<a class="lang-switch" href="/Arabic/Mission/Pages/default.aspx">عربي</a></div>
<article><h1>Embassy presents university scholarships</h1><p>18.11.2026</p><p>{prose}</p>
</article></body></html>"""
    url = "https://mfa.example/English/Mission/News/Pages/NewsDetails.aspx?newsID=03d9"
    article = _read(html, url, ("en", "ar"))
    assert isinstance(article, Article)
    assert article.translations == ()
