"""NATO HQ news (www.nato.int/cps): the news listing, the RSS feed, the sitemap, article pages.

``selectedLocale`` variants of an article are one page. The rules live in
`crawler.core.families.nato_hq`.
"""

from __future__ import annotations

from spiders.base import NewsroomSpider


class NatoHqSpider(NewsroomSpider):
    name: str = "nato-hq"
