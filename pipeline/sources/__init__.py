"""Sources: the catalogue of raw files (``data/raw/sources.yml``: URL, md5, size, terms) and fetching them
(download, or copy from a mirror folder), each checked against its md5 and size."""
