"""Rule data for toilets, elevators, counters, seating, family facilities and wayfinding."""

from __future__ import annotations

from spacedesign.rules.requirement import (
    ADA_NO_ROW,
    JP_MIN_NONE,
    NA,
    R,
    RuleSpec,
    rule_spec,
)

__all__ = ["FACILITY_RULES"]

FACILITY_RULES: list[RuleSpec] = [
    rule_spec(
        "TOILET-ACCESSIBLE",
        "車椅子使用者用便房",
        "Accessible toilet",
        "critical",
        "an accessible toilet on each floor: turning circle, door width, features, distance",
        "m",
        R(
            {"diameter": 1.50, "door": 0.80, "ostomate": 1.0},
            "令和6年政令第221号 (各階に1以上) [J9][J10]; 施行令 第14条 オストメイト [J6]; "
            "Ø150 cm 建築設計標準 2.7 (secondary quote) [J8]",
            "secondary",
        ),
        R(
            {"diameter": 1.50, "door": 0.80, "ostomate": 1.0},
            "誘導基準 第9条 [J7]; オストメイト各階 [J6]; 建築設計標準 2.7 Ø150 cm [J8]",
            "secondary",
        ),
        R(
            {"diameter": 1.525, "door": 0.815, "ostomate": 0.0},
            "ADA 2010 603.2 turning space, 404.2.3 door [U20][U5]",
        ),
    ),
    rule_spec(
        "ELEVATOR",
        "エレベーター",
        "Elevator",
        "major",
        "car size, door width, hall space",
        "m",
        R(
            {"car_width": 1.40, "car_depth": 1.35, "door": 0.80, "hall": 1.50},
            "施行令 第18条第2項第五号 "
            "(かご奥行135 cm, 戸80 cm, 乗降ロビー150 cm角) [J16][J1g][J2d]",
        ),
        R(
            {"car_width": 1.60, "car_depth": 1.35, "door": 0.90, "hall": 1.80},
            "誘導基準 (かご幅160 cm for the lift serving 多数利用居室) [J17]; "
            "戸90 cm・ロビー180 cm "
            "Kagawa [L4]",
            "unconfirmed",
        ),
        R(
            {"car_width": 1.727, "car_depth": 1.295, "door": 0.915, "hall": 1.525},
            "ADA 2010 407.4.1 car 68 × 51 in, door 36 in (secondary quotes) [U21]",
            "secondary",
        ),
    ),
    rule_spec(
        "COUNTER-LOW",
        "低いカウンター",
        "Low counter section",
        "minor",
        "reception counter height, knee clearance and approach space",
        "m",
        JP_MIN_NONE,
        R(
            {"height_min": 0.70, "height_max": 0.75, "knee": 0.65, "approach": 1.50},
            "建築設計標準 2.14C (高さ70–75 cm, 膝下65–70 cm, 前に転回スペース) [J1h]; 横浜市 [L1f]",
        ),
        R(
            {
                "height_min": 0.0,
                "height_max": 0.915,
                "knee": 0.685,
                "approach": 1.525,
                "length": 0.915,
            },
            "ADA 2010 904.4.1/904.4.2 [U23]; 306 knee space 27 in [U26]",
        ),
    ),
    rule_spec(
        "SEATING-WHEELCHAIR",
        "車椅子使用者用客席",
        "Wheelchair places",
        "minor",
        "wheelchair places in meeting and seminar rooms by seat count",
        "count",
        R(
            {"places": 2, "over400_share": 0.005, "place_w": 0.85, "place_d": 1.20},
            "令和6年政令第221号 客席 (400席以下 2以上) [J9]; 85 × 120 cm Osaka [L13]",
        ),
        R(
            {"places": 2, "over400_share": 0.01, "place_w": 0.85, "place_d": 1.20},
            "建築設計標準 2.11.1 (0.5–1 %, 2以上) [J1i]; 85 × 120 cm Osaka [L13]",
        ),
        R(
            {"places": 1, "over400_share": 0.0, "place_w": 0.915, "place_d": 1.22},
            "ADA 2010 221.2.1.1 table, 802.1 space 36 × 48 in [U27][U28]",
        ),
    ),
    rule_spec(
        "FAMILY-NURSING",
        "授乳室",
        "Nursing room",
        "minor",
        "a nursing room (授乳室) that a parent with a pram can reach",
        None,
        NA("建築物移動等円滑化基準 has no nursing-room requirement"),
        R(
            {},
            "DESIGN.md §1 (family-friendly brief); 建築設計標準 授乳室 (no value retrieved)",
            "unconfirmed",
        ),
        NA("ADA 2010 has no nursing-room requirement"),
        tokyo=R(
            {},
            "東京都福祉のまちづくり条例 授乳及びおむつ交換のできる場所 [J15]; "
            "赤ちゃん・ふらっと [J18][J19]",
            "secondary",
        ),
    ),
    rule_spec(
        "FAMILY-BABYCHANGE",
        "おむつ交換台・ベビーチェア",
        "Baby changing",
        "minor",
        "baby changing (and, in Tokyo, a baby chair) in a toilet or the nursing room",
        None,
        NA("建築物移動等円滑化基準 has no baby-changing requirement"),
        R({"chair": 0.0}, "建築設計標準 (おむつ交換台を分散配置) [J26]", "secondary"),
        NA("ADA 2010 has no baby-changing requirement"),
        tokyo=R(
            {"chair": 1.0},
            "東京都建築物バリアフリー条例: ベビーチェア・ベビーベッド義務化 (墨田区 [J13]; "
            "対象規模は未確認)",
        ),
    ),
    rule_spec(
        "FAMILY-KIDS",
        "キッズコーナーの見通し",
        "Kids corner in sight",
        "minor",
        "a kids corner visible from the lounge (share of its area in sight)",
        "ratio",
        NA("建築物移動等円滑化基準 has no kids-corner requirement"),
        R(
            {"visible": 0.5},
            "DESIGN.md §1 (family-friendly brief); 品川区 新庁舎 (キッズスペースを窓口の"
            "横に) [J24]",
            "unconfirmed",
        ),
        NA("ADA 2010 has no kids-corner requirement"),
    ),
    rule_spec(
        "WAYFINDING-RECEPTION",
        "受付の視認性",
        "Reception visible from the entrance",
        "minor",
        "the reception counter is visible from 1.0 m inside the main entrance",
        None,
        R({"inside": 1.0}, "施行令 第20条 案内設備 (受付等の案内所) [J1a]"),
        R({"inside": 1.0}, "施行令 第20条 [J1a]; 建築設計標準 2.14 [J1h]"),
        ADA_NO_ROW,
    ),
]
