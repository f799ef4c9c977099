"""matchstats: validated, reproducible tables and analyses of the U.S. residency Match."""

__version__ = "0.1.0"
