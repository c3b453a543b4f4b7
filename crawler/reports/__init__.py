"""What ops and readers see, rows in and text out: feeds (RSS, Atom), metrics (Prometheus text)
and health (a Nagios-style verdict). No Scrapy; they read what `storage` hands them.
"""
