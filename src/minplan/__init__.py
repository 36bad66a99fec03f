"""minplan: compliance checks of mineral-right records against China's mineral-resource plans."""

__version__ = "0.1.0"

# The minplan command keeps nearly everything it makes (models, schemas, the corpus, a batch's results)
# until it ends: collecting cycles every 50 000 allocations rather than every 700 spares walking that
# heap again and again (cli.main, runner).
GC_THRESHOLDS = (50_000, 20, 100)
