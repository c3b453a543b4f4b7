"""``scrapy crawl <family>``: Scrapy's command, but a family with no newsroom to crawl (or a
newsrooms file that cannot be read) is one line on stderr and exit 1, not a traceback.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.core.newsrooms import ConfigError

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spider = self.crawler_process.spider_loader.load(args[0])
            newsrooms_of = getattr(spider, "newsrooms_of", None)
            if newsrooms_of is not None:
                wanted = [k for k in str(opts.spargs.get("newsroom") or "").split(",") if k]
                try:
                    newsrooms_of(self.settings, wanted)
                except ConfigError as exc:
                    sys.stderr.write(f"scrapy crawl {args[0]}: {exc}\n")
                    self.exitcode = 1
                    return
        super().run(args, opts)
