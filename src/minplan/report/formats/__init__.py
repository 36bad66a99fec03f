"""Report formats, one module each, named as ``--format`` names them (see minplan.report.base)."""
