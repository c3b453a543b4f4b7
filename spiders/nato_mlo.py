"""The ASP.NET CMS of NATO's liaison offices (MLO Belgrade on jfcnaples.nato.int).

Follows the newsroom, the paged news archive, year pages and story pages in every language;
paths are case-insensitive. The rules live in `crawler.core.families.nato_mlo`.
"""

from __future__ import annotations

from spiders.base import NewsroomSpider


class NatoMloSpider(NewsroomSpider):
    name: str = "nato-mlo"
