"""``newsroom serve``: the feeds, health, metrics and ops page over HTTP, from the database.

`crawler.cli.serve` is the click command (light to import), `server.app` the Starlette app,
`server.feeds` the feed routes, `server.conditional` ETags and conditional requests,
`server.page` the ops page.
"""
