"""--map: one SVG and one PNG per record, named after its id."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo_support import X0, Y0, box, check, only, record_text, write_layer

pytest.importorskip("matplotlib")


def test_maps_are_written_per_record(tmp_path: Path):
    red = write_layer(tmp_path / "red.gpkg", [box(X0, Y0, X0 + 500, Y0 + 500)], ["红线"], field="名称")
    records = tmp_path / "in"
    records.mkdir()
    (records / "a.yaml").write_text(record_text(id="A/1"), encoding="utf-8")
    (records / "b.yaml").write_text(record_text(id="A/1"), encoding="utf-8")  # the same id twice
    maps = tmp_path / "maps"
    _, report, _ = check(str(records), "--layer", f"ecological_red_line={red}", "--map", str(maps))
    written = sorted(p.name for p in maps.iterdir())
    assert written == ["A_1-2.png", "A_1-2.svg", "A_1.png", "A_1.svg"]
    assert {Path(r["spatial"]["map"]).name for r in report["records"]} == {"A_1.svg", "A_1-2.svg"}
    png = (maps / "A_1.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    svg = (maps / "A_1.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "500 m" in svg  # the scale bar
    _, again, _ = check(str(records / "a.yaml"), "--map", str(maps))  # a later run overwrites its own map
    assert Path(only(again)["spatial"]["map"]).name == "A_1.svg"
