"""CuteNews sites (the Mission of Serbia to NATO): front pages with whole stories, two scripts.

Follows ``start_from`` pages, archives, single stories and the Cyrillic and Latin sites; never
comment pages. The rules live in `crawler.core.families.cutenews`.
"""

from __future__ import annotations

from spiders.base import NewsroomSpider


class CuteNewsSpider(NewsroomSpider):
    name: str = "cutenews"
