"""A review's findings on batch26's rules, each a test that fails without its mend: stories
with pictures in scripts whose stops are not Latin's, an article's closing footer, a
sidebar's <time>, "No. 15 of December", a label over another item's title and date, a static
site's story at its folder's index.html, a template's lang="hr" over Cyrillic pages, and a
canonical address that keeps a deleted story."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest

from crawler.core.items import Article, Rejected
from crawler.core.language import detect_language
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.classify import indexes_children, states_a_sentence
from crawler.extraction.dates import find_date
from storage.repository import Repository

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()
PROSE = (
    "The Minister received copies of the letters of credence of the newly appointed"
    " ambassadors and wished them success in their work. "
) * 2


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _pictured(paragraphs: list[str], lang: str) -> str:
    pictures = "".join(
        f"<p><img src='/uploads/2026/12/photo{n}.jpg' width='800' height='533' alt=''></p>"
        for n in range(1, 6)
    )
    return (
        f"<html lang='{lang}'><head><title>{paragraphs[0][:40]}</title><meta"
        " property='article:published_time' content='2026-12-03T10:00:00+01:00'></head><body>"
        "<header><a href='/'><img src='/logo.png'></a><nav><a href='/news/'>News</a></nav>"
        f"</header><main><article><h1>{paragraphs[0][:40]}</h1><div class='entry-content'>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        + f"{pictures}</div></article></main><footer><p>Embassy, Belgrade</p></footer>"
        "</body></html>"
    )


HINDI = [
    "भारत के राजदूत ने आज बेलग्रेड में भारतीय समुदाय के सदस्यों से मुलाकात की और उनके साथ दोनों"
    " देशों के बीच बढ़ते सहयोग पर विस्तार से चर्चा की।",
    "इस अवसर पर राजदूत ने समुदाय के सदस्यों को दूतावास की कांसुलर सेवाओं और नई ऑनलाइन वीज़ा"
    " सुविधा के बारे में जानकारी दी।",
    "कार्यक्रम में सांस्कृतिक प्रस्तुतियाँ भी हुईं और बड़ी संख्या में छात्रों तथा पेशेवरों ने भाग लिया"
    " और राजदूत ने सभी उपस्थित लोगों को धन्यवाद दिया।",
]
URDU = [
    "پاکستان کے سفیر نے آج بلغراد میں سربیا کے وزیر خارجہ سے ملاقات کی اور دونوں ممالک کے درمیان"
    " دوطرفہ تعلقات کا جائزہ لیا۔",
    "سفیر نے وزیر خارجہ کو نائب وزیر اعظم کی جانب سے نیک خواہشات کا پیغام پہنچایا اور تجارتی تعاون"
    " بڑھانے کی خواہش کا اظہار کیا۔",
    "دونوں فریقین نے مشترکہ اقتصادی کمیشن کا اجلاس جلد بلانے اور علاقائی امور پر"
    " تبادلہ خیال کرنے پر اتفاق کیا۔",
]
BULLETS = [
    "Ambassador visits the Nikola Tesla Museum together with students of the Belgrade"
    " University and the embassy staff",
    "Meeting with the director of the museum on the joint exhibition planned for the spring"
    " of next year in Belgrade",
    "Donation of books on the history of science to the museum library and to the students of"
    " the faculty",
]


@pytest.mark.parametrize(("paragraphs", "lang"), [(HINDI, "hi"), (URDU, "ur"), (BULLETS, "en")])
def test_a_story_with_pictures_in_a_script_with_other_stops_is_read(
    paragraphs: list[str], lang: str
) -> None:
    # The album rule asks for a sentence: Hindi ends one with "।", Urdu with "۔", and a list
    # of long items with none; each is prose.
    article = _read(_pictured(paragraphs, lang), "https://emb.example/news/visit/", (lang, "en"))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 3)


def _footed(footer: str) -> str:
    return (
        "<html lang='en'><head><title>Minister receives copies of credentials</title></head>"
        "<body><div id='header'><a href='/'>Ministry</a> <a href='/news/'>News</a></div><main>"
        "<article class='node'><h1>Minister receives copies of credentials</h1>"
        f"<div class='node__content'><p>{PROSE}</p><p>{PROSE}</p></div>"
        f"<footer class='node__links'>{footer}</footer></article></main>"
        "<footer id='site'><p>© 2026 Ministry</p></footer></body></html>"
    )


@pytest.mark.parametrize(
    "footer",
    [
        "<p>Photo: MFA archive, 12 March 2019</p>",
        "<p>Printed from the website of the Ministry on 4 December 2026</p>",
        "<div class='share'>Share this page</div><p>Next event: Film festival, 10 December"
        " 2026</p>",
    ],
)
def test_the_footer_that_closes_an_article_does_not_date_it(footer: str) -> None:
    article = _read(_footed(footer), "https://mfa.example/en/news/minister-receives-copies")
    assert isinstance(article, Article), article
    assert article.published is None


def test_a_sidebars_time_element_says_nothing_of_the_storys_order() -> None:
    html = (
        "<html lang='fr'><head><title>L'ambassadeur rencontre le maire</title></head><body>"
        "<div id='content'><h1>L'ambassadeur rencontre le maire de Novi Sad</h1>"
        "<p>04/12/2026</p><p>L'ambassadeur a rencontré le maire de Novi Sad pour discuter de la"
        " coopération économique et culturelle entre les deux pays, ainsi que des projets"
        " communs pour l'année prochaine.</p><p>Les deux parties ont souligné l'importance des"
        " échanges d'étudiants et des investissements dans la région de Voïvodine.</p></div>"
        "<aside id='agenda'><h3>Agenda</h3><ul><li><a href='/agenda/concert'>Concert de Noël"
        "</a> <time datetime='2026-12-05'>12/05/2026</time></li></ul></aside></body></html>"
    )
    article = _read(html, "https://amb.example/actualites/maire-novi-sad", ("fr", "sr-Latn"))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 4)  # the day first, as French writes it


@pytest.mark.parametrize(
    "text",
    [
        "Decree No. 15 of December 2025 on the budget",
        "Law No. 2 of March 2026 entered into force",
        "Round 3 of June 2026 talks",
    ],
)
def test_a_number_of_a_month_is_no_day(text: str) -> None:
    assert find_date(text, LATEST) is None


def test_a_label_over_another_items_title_and_date_is_no_place() -> None:
    html = (
        "<html><head><title>Ambassador calls on the Minister</title></head><body><div>"
        "<h3>Ambassador calls on the Minister</h3>"
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        "<p><strong>Related news<br>Joint Statement, 3 December 2026</strong></p>"
        "</div></body></html>"
    )
    article = _read(html, "http://mofa.example/serbia/pr-details.php?mm=MzQxMg")
    assert isinstance(article, Article), article
    assert article.published is None


def test_a_static_sites_story_at_its_folders_index_is_no_index() -> None:
    tree = lxml.html.document_fromstring(
        f"<html><body><h1>National Day</h1><p>{PROSE}</p>"
        + "".join(f"<a href='photo{n}.html'>Photo {n}</a>" for n in range(1, 5))
        + "</body></html>"
    )
    assert indexes_children("http://emb.example/news/2026/national-day/index.html", tree) is None


CYRILLIC = (
    "Председништво Босне и Херцеговине одржало је данас редовну сједницу на којој је"
    " разматрало приједлоге споразума о сарадњи."
)


@pytest.mark.parametrize("stated", ["hr", "hr-HR", "bs", "bs_BA"])
def test_a_templates_language_does_not_rename_a_cyrillic_text(stated: str) -> None:
    # A template's lang="hr" on every page: Croatian is no newsroom's Cyrillic.
    declared = ("bs", "hr", "sr-Cyrl", "en")
    assert detect_language(CYRILLIC, declared, stated) == "sr-Cyrl"


def test_a_stated_name_with_an_underscore_counts() -> None:
    latin = "Predsjedavajući Predsjedništva boravi u službenoj posjeti Republici Turskoj danas."
    assert detect_language(latin, ("bs", "hr", "sr-Cyrl", "en"), "hr_HR") == "hr"


def test_a_canonical_address_read_later_does_not_keep_a_deleted_story(tmp_path: object) -> None:
    # The page names its canonical address; the crawl reads that address too later. Only
    # the addresses a re-check asks for again can say they are gone.
    page, alias = "https://mfa.example/en/news/story", "https://mfa.example/en/news/story?lang=en"
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    text = " ".join(f"gone{i}" for i in range(80))
    story = Article(
        url=page, page_url=page, title="Story", text=text, language="en", published=None
    )
    repository = Repository.open(f"sqlite:///{tmp_path}/n.sqlite3")
    try:
        repository.save_article(story, "n", now, also_at=[(alias, "canonical")])
        repository.save_article(
            Article(
                url=alias, page_url=alias, title="Story", text=text, language="en", published=None
            ),
            "n",
            now + timedelta(hours=1),
        )
        assert repository.mark_gone(page, now + timedelta(days=1)) is True
        assert [s.gone_at for s in repository.stories()] == [now + timedelta(days=1)]
    finally:
        repository.close()


@pytest.mark.parametrize(
    "sentence",
    [
        "राजदूत ने आज भारतीय समुदाय से मुलाकात की।",
        "سفیر نے آج وزیر خارجہ سے ملاقات کی۔",
        "هل زار السفير الوزارة اليوم في بلغراد؟",
    ],
)
def test_a_sentence_ends_with_its_scripts_stop(sentence: str) -> None:
    # the Devanagari danda, the Urdu full stop, the Arabic question mark
    assert states_a_sentence(sentence)
    assert not states_a_sentence(sentence[:-1])
