"""The CJK font a chart or map labels Chinese with, where one is installed."""

from __future__ import annotations

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)


def cjk_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, or None (matplotlib must be importable)."""
    import logging

    from matplotlib import font_manager

    # such fonts often come without a bold or a light face: matplotlib's substitutes are fine, its warnings noise
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FONTS if f in installed), None)
