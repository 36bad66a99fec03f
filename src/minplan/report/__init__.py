"""Reports: one result object, one renderer per output format."""
