"""pressdb: the facts inside German state-ministry press releases, with provenance."""

__version__ = "0.1.0"
