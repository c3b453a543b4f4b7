"""Spiders, one per CMS family; `spiders.base.NewsroomSpider` is what they share."""

from __future__ import annotations

from spiders.base import NewsroomSpider
from spiders.cutenews import CuteNewsSpider
from spiders.generic import GenericSpider
from spiders.nato_hq import NatoHqSpider
from spiders.nato_mlo import NatoMloSpider

#: The spider of each family, by family name.
SPIDERS: dict[str, type[NewsroomSpider]] = {
    spider.name: spider for spider in (CuteNewsSpider, NatoMloSpider, NatoHqSpider, GenericSpider)
}

__all__ = ["SPIDERS", "NewsroomSpider"]
