"""The Scrapy components of the project: its settings, item pipelines, downloader middlewares
(scope, retry, robots.txt, conditional requests), the run-recording extension and the loopback
add-on, each enabled by `crawler.components.settings` (``scrapy.cfg``) and built by Scrapy
(``from_crawler``).
"""
