"""minplan: compliance checks of mineral-right records against China's mineral-resource plans."""

__version__ = "0.1.0"
