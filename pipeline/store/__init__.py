"""The store: published versions and the atomic publish (``publish``), one published table on disk
(``tables``: Parquet + meta + provenance), the DuckDB warehouse (``warehouse``) and the data dictionary
(``dictionary``). Everything that reads published data goes through here."""
