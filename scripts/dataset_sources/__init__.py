"""The readers of the embedded dataset's sources, one module per kind of source."""
