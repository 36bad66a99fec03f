"""The ``spatial`` entry of a record in words, for the report for people (no geometry needed)."""

from __future__ import annotations

from typing import Any

from minplan.geo.layers import CONTROL_LINES


def _english(code: str, name: str) -> str:
    from minplan.regions import gazetteer

    division = gazetteer().divisions.get(code)
    return division.en if division else name


def spatial_lines(entry: dict[str, Any], lang: str) -> list[str]:
    """What the geometry showed: area, county, zones, overlaps and notes, one line each."""
    zh = lang == "zh"
    lines: list[str] = []
    if entry.get("examined"):
        area = f"{entry['area_km2']:.4f} km²"
        stated = entry.get("stated_area_km2")
        if stated is not None:
            area += f"（申报 {stated:g} km²）" if zh else f" (stated {stated:g} km²)"
        counties = entry.get("counties") or []
        where = "、".join(
            f"{c['name']} {c['code']}" + (f"（{c['share']:.0%}）" if len(counties) > 1 else "") for c in counties
        )
        where_en = ", ".join(
            f"{_english(c['code'], c['name'])} {c['code']}" + (f" ({c['share']:.0%})" if len(counties) > 1 else "")
            for c in counties
        )
        parcels = entry.get("parcels", 1)
        if zh:
            lines.append(f"拐点范围：{entry['crs']}，{parcels} 块，面积 {area}，位于 {where or '—'}")
        else:
            lines.append(f"boundary: {entry['crs']}, {parcels} parcel(s), area {area}, in {where_en or '—'}")
        if "zones" in entry:
            zones = entry["zones"]
            shown = "、".join(f"{z['code']} {z.get('name') or ''}（{z['share']:.0%}）" for z in zones)
            shown_en = ", ".join(f"{z['code']} ({z['share']:.0%})" for z in zones)
            lines.append(
                f"所在分区（图层）：{shown or '无'}" if zh else f"zones (from the layer): {shown_en or 'none'}"
            )
        for o in entry.get("overlaps", []):
            name_zh, name_en = CONTROL_LINES.get(o["layer"], (o["layer"], o["layer"]))
            if o["area_m2"]:
                lines.append(
                    f"与{name_zh}重叠 {o['area_m2'] / 1e4:.2f} 公顷（{o['share']:.0%}）"
                    if zh
                    else f"overlaps {name_en}: {o['area_m2'] / 1e4:.2f} ha ({o['share']:.0%})"
                )
            else:
                lines.append(f"不涉及{name_zh}" if zh else f"does not overlap {name_en}")
        if entry.get("depth"):
            d = entry["depth"]
            kind = ("标高" if zh else "elevation") if d["datum"] == "elevation" else ("深度" if zh else "depth")
            lines.append(f"开采{kind}：{d['from']:g}–{d['to']:g} 米" if zh else f"{kind}: {d['from']:g}–{d['to']:g} m")
        if entry.get("map"):
            lines.append(f"图件：{entry['map']}" if zh else f"map: {entry['map']}")
    lines += [n.get(lang) or n["en"] for n in entry.get("notes", [])]
    return lines
