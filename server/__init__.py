"""``newsroom serve``: the feeds, health, metrics and ops page over HTTP, from the database.

``newsroom serve`` (`crawler.cli.serve`) runs it; `server.app` is the Starlette app,
`server.feeds` the feed routes, `server.conditional` ETags and conditional requests,
`server.page` the ops page.
"""
