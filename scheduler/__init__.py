"""The monitoring loop: runs each newsroom's crawl on its ``every`` interval (APScheduler 3.x).

Crawls run in child processes, since a Twisted reactor cannot restart; see ``newsroom crawl``
for one run by hand.
"""
