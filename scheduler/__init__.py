"""The monitoring loop: runs each newsroom's crawl on its ``every`` interval (APScheduler 3.x).

Crawls run in child processes, since a Twisted reactor cannot restart; see ``newsroom crawl``
for one run by hand. `config` reads the settings, `timetable` keeps one job per newsroom in the
database, `jobs` and `children` start and stop the crawls (`runs` marks a killed one's run),
`daemon` runs it all (or once); ``newsroom schedule`` (`crawler.cli.schedule`) starts it.
"""
