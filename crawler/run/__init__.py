"""Running crawls in this process: `runner` starts one Scrapy crawler per newsroom (spiders by
name, from ``SPIDER_MODULES``) and records the run; `runlog` is the run's log file.
"""
