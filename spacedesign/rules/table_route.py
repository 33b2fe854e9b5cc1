"""Rule data for routes, doors, ramps, tactile paving and parking (reference/standards.md)."""

from __future__ import annotations

from spacedesign.rules.requirement import (
    ADA_NO_ROW,
    NA,
    R,
    RuleSpec,
    rule_spec,
)

__all__ = ["ROUTE_RULES"]

ROUTE_RULES: list[RuleSpec] = [
    rule_spec(
        "ROUTE-REACH",
        "車椅子での到達",
        "Wheelchair reach",
        "critical",
        "every public room, the reception counter, the accessible toilet and the elevator are "
        "reachable by wheelchair from every arrival point",
        None,
        R(
            {"gap": 0.80},
            "バリアフリー法施行令 第18条 (移動等円滑化経路) [J2a][J3]; 戸の幅 80 cm [J1c]",
        ),
        R({"gap": 0.90}, "誘導基準 (省令114号) 第2条 出入口 90 cm [J4]; 第18条 経路 [J2a]"),
        R({"gap": 0.815}, "ADA 2010 206.2.1 accessible route; 404.2.3 door 32 in [U13][U5]"),
    ),
    rule_spec(
        "ROUTE-WIDTH",
        "経路の有効幅",
        "Clear width of the route",
        "major",
        "narrowest clear width of the widest wheelchair route to each destination",
        "m",
        R({"min": 1.20}, "施行令 第18条第2項 廊下等 120 cm, 第七号 敷地内の通路 120 cm [J2a][J1a]"),
        R(
            {"min": 1.80},
            "誘導基準 第3条 廊下 180 cm (value via Gunma (B) [J2a], Kagawa [L4]; "
            "省令 text not retrieved); 建築設計標準 2.1.1 敷地内通路 180 cm [J1a']",
            "secondary",
        ),
        R({"min": 0.915}, "ADA 2010 403.5.1 clear width 36 in [U10]"),
    ),
    rule_spec(
        "ROUTE-TURN",
        "車椅子の転回スペース",
        "Wheelchair turning space",
        "major",
        "largest circle in each public room; turning places along corridors",
        "m",
        R(
            {"diameter": 1.50, "spacing": 50.0},
            "施行令 第18条第2項 転回場所 (末端付近・50 m以内ごと) [J2a]; "
            "Ø150 cm 東京都 design guide data [J12]",
        ),
        R(
            {"diameter": 1.50, "spacing": 50.0},
            "施行令 第18条第2項 [J2a]; "
            "Ø150 cm 東京都 design guide data [J12]; 建築設計標準 2.8.1 [J1e]",
        ),
        R(
            {"diameter": 1.525, "spacing": 61.0},
            "ADA 2010 304.3 turning space Ø60 in [U1]; 403.5.3 passing space every 200 ft [U3]",
        ),
    ),
    rule_spec(
        "DOOR-WIDTH",
        "出入口の有効幅",
        "Door clear width",
        "critical",
        "clear width of each door on the accessible route; main entrance width and operation",
        "m",
        R(
            {"min": 0.80, "entrance": 0.80, "entrance_automatic": 0.0},
            "建築設計標準 2.3.1・2.8.1 (施行令 第18条) 戸の幅 80 cm [J1c][J1e][J2a]",
        ),
        R(
            {"min": 0.90, "entrance": 1.20, "entrance_automatic": 1.0},
            "誘導基準 第2条第1項 (90 cm)・第2項 (直接地上へ通ずる出入口 120 cm, 自動扉) [J4]",
        ),
        R(
            {"min": 0.815, "entrance": 0.815, "entrance_automatic": 0.0},
            "ADA 2010 404.2.3 clear width 32 in [U5]",
        ),
    ),
    rule_spec(
        "DOOR-LEVEL",
        "出入口の段差",
        "Level at doors",
        "major",
        "threshold height and level difference at each door on the route",
        "m",
        R(
            {"max": 0.02},
            "施行令 第18条 (戸の前後に高低差がないこと) [J2a]; 2 cm tolerance: "
            "横浜市 指定施設整備基準 [L1b]",
        ),
        R({"max": 0.02}, "施行令 第18条 [J2a]; 誘導基準 第2条 [J4]; 2 cm tolerance: 横浜市 [L1b]"),
        R({"max": 0.013}, "ADA 2010 404.2.5 threshold ½ in; 303 changes in level [U8][U9]"),
    ),
    rule_spec(
        "DOOR-TYPE",
        "扉の形式",
        "Door type",
        "minor",
        "no revolving door on the route; automatic or sliding door at the entrance",
        None,
        R(
            {},
            "建築設計標準 2.8.1 (引き戸・自動扉が望ましい, 回転扉は経路に不可) [J1e]; 横浜市 [L1b]",
        ),
        R({}, "建築設計標準 2.8.1 [J1e]; 誘導基準 第2条第2項 自動扉 [J4]"),
        ADA_NO_ROW,
    ),
    rule_spec(
        "STEP-FREE",
        "段差の解消",
        "Step-free route",
        "critical",
        "every level difference on the route is bridged by a ramp or a lift",
        "m",
        R({"tolerance": 0.02}, "施行令 第18条第2項 (段を設けない; 傾斜路又は昇降機) [J1a][J2a]"),
        R({"tolerance": 0.02}, "施行令 第18条第2項 [J1a][J2a]; 誘導基準 [J17]"),
        R({"tolerance": 0.013}, "ADA 2010 303.4 (> ½ in must be ramped) [U9]"),
    ),
    rule_spec(
        "RAMP-SLOPE",
        "傾斜路の勾配",
        "Ramp slope",
        "critical",
        "running slope rise/run",
        "ratio",
        R(
            {"max": 1 / 12, "short_max": 1 / 8, "short_rise": 0.16},
            "施行令 第18条第2項 傾斜路 1/12 (高さ16 cm以下は1/8) (Gunma 2888 [J2b], Shimane [L2])",
        ),
        R(
            {"max": 1 / 15, "short_max": 1 / 15, "short_rise": 0.0},
            "誘導基準 屋外傾斜路 1/15 (屋内 1/12) — builders' summaries [L5][L6]",
            "secondary",
        ),
        R({"max": 1 / 12, "short_max": 1 / 12, "short_rise": 0.0}, "ADA 2010 405.2 [U4]"),
    ),
    rule_spec(
        "RAMP-WIDTH",
        "傾斜路の幅",
        "Ramp width",
        "major",
        "clear width of the ramp",
        "m",
        R(
            {"min": 1.20, "beside_steps": 0.90},
            "施行令 第18条第2項 傾斜路 120 cm (段併設 90 cm) [J2b][L2]",
        ),
        R(
            {"min": 1.50, "beside_steps": 1.20},
            "誘導基準 傾斜路 150 cm (段併設 120 cm) — Gunma (B) [J2b], summary [L5]",
            "secondary",
        ),
        R({"min": 0.915, "beside_steps": 0.915}, "ADA 2010 405.5 clear width 36 in [U2]"),
    ),
    rule_spec(
        "RAMP-LANDING",
        "傾斜路の踊場",
        "Ramp landings",
        "major",
        "landings: one every 75 cm of rise (ADA 30 in), at least 150 cm deep (ADA 60 in)",
        "count",
        R(
            {"rise": 0.75, "depth": 1.50, "gentle": 1 / 20},
            "施行令 第18条第2項 踊場 (高さ75 cm以内ごとに踏幅150 cm以上) [J2b][L2]",
        ),
        R(
            {"rise": 0.75, "depth": 1.50, "gentle": 1 / 20},
            "施行令 第18条第2項 [J2b][L2] (誘導基準 has no stricter value in the reference)",
        ),
        R({"rise": 0.76, "depth": 1.525, "gentle": 1 / 20}, "ADA 2010 405.6, 405.7 [U4]"),
    ),
    rule_spec(
        "RAMP-HANDRAIL",
        "傾斜路の手すり",
        "Ramp handrails",
        "major",
        "handrails (one or both sides) and edge protection",
        None,
        R(
            {"sides": 1, "trigger_slope": 1 / 12, "trigger_rise": 0.16, "trigger_gentle": 1 / 20},
            "施行令 第16条 敷地内の通路 "
            "(勾配 1/12 超, 又は高さ16 cm超かつ 1/20 超で手すり) [J1a][L2]",
        ),
        R(
            {"sides": 2, "trigger_slope": 1 / 12, "trigger_rise": 0.16, "trigger_gentle": 1 / 20},
            "誘導基準 傾斜路 両側手すり — builders' summaries [L5][L6]",
            "secondary",
        ),
        R(
            {"sides": 2, "trigger_slope": 0.0, "trigger_rise": 0.1525, "trigger_gentle": 0.0},
            "ADA 2010 405.8 handrails (rise > 6 in), 405.9 edge protection [U4]",
        ),
    ),
    rule_spec(
        "TACTILE-ROUTE",
        "視覚障害者誘導用ブロック (線状)",
        "Tactile guide route",
        "major",
        "guide paving continuous from an arrival point to the reception (or entrance)",
        "m",
        R(
            {"gap": 0.30, "reach": 1.0},
            "施行令 第21条 視覚障害者移動等円滑化経路 (道等から案内設備まで) [J14][L3]",
        ),
        R({"gap": 0.30, "reach": 1.0}, "施行令 第21条 [J14][L3]; JIS T 9251 [L8]"),
        NA("ADA 2010 has no guide-paving requirement (only detectable warnings, 705)"),
    ),
    rule_spec(
        "TACTILE-WARNING",
        "点状ブロック",
        "Tactile warning paving",
        "major",
        "warning paving at the top and bottom of ramps and steps and before the entrance door",
        "m",
        R(
            {"near": 1.0},
            "施行令 第21条 (段・傾斜路の上端等に点状ブロック) [J14]; 神奈川 list [L3]; "
            "setback about 30 cm [L7]",
        ),
        R({"near": 1.0}, "施行令 第21条 [J14]; 神奈川 [L3]; 横浜市 (depth 60 cm) [L1c]"),
        NA("ADA 2010 requires detectable warnings only at transit platforms (705)"),
    ),
    rule_spec(
        "PARKING-ACCESSIBLE",
        "車椅子使用者用駐車施設",
        "Accessible parking",
        "major",
        "number and width of accessible bays, and their route to the entrance",
        "m",
        R(
            {"width": 3.50, "share": 0.02, "over200_share": 0.01, "over200_add": 2},
            "令和6年政令第221号 (2%, 200台超は1%+2) [J9][J10]; 幅350 cm Gunma/Shimane [J2c][L2]",
        ),
        R(
            {"width": 3.50, "share": 0.02, "over200_share": 0.01, "over200_add": 2},
            "建築設計標準 2.2.1 (1/50, 200台超 1/100+2) [J1d]; "
            "幅350 cm [J2c]; 東京都ガイドライン 3.5 m",
        ),
        R(
            {"width": 2.44, "share": -1.0, "over200_share": -1.0, "over200_add": 0},
            "ADA 2010 208.2 table; 502.2 car space 96 in [U15][U17]",
        ),
    ),
]
