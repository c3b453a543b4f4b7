"""The domain, shared by every layer: what a story, a page and a newsroom are, the keys that make
one story one, and small helpers. No Scrapy, no SQL, no I/O beyond reading a config file.

`items` (stories, outcomes, reasons), `newsrooms` (the config, scope), `families/` (what differs
between CMSs, as data), `keys` (URL rules, content hash, MinHash), `language`, `clock` (the one
wall clock), `events` (the fixed-shape log lines), `stats` (stats key names), `files` (atomic
writes).
"""
