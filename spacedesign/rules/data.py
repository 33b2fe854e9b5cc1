"""Rule records: every value, unit and source per ruleset, as data (reference/standards.md).

A :class:`Requirement` holds the numbers of one rule in one ruleset, its source (document +
article, with the reference keys of standards.md) and the ``confirmed | secondary |
unconfirmed`` flag. Where the reference has no value for a ruleset the rule is
:class:`NotApplicable` there, with the reason. ``tokyo`` is ``jp-recommended`` plus what is known
of the Tokyo ordinances: where the Tokyo figure was not found, the jp-recommended value is used
and the note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

__all__ = ["RULES", "RULESETS", "NotApplicable", "Requirement", "RuleSpec"]

RULESETS = ("jp-minimum", "jp-recommended", "tokyo", "ada-2010")

TOKYO_NOTE = (
    "東京都条例の数値は未確認 (reference/tokyo_nakano.md §1b): jp-recommended の値を使用 / "
    "Tokyo ordinance value not found; jp-recommended value used"
)


@dataclass(frozen=True)
class Requirement:
    """What one ruleset requires for one rule: ``params`` by name, in SI units."""

    params: Mapping[str, float]
    source: str
    confirmed: str = "confirmed"
    note: str = ""

    def __getitem__(self, name: str) -> float:
        return self.params[name]


@dataclass(frozen=True)
class NotApplicable:
    """The rule does not apply in this ruleset; ``reason`` says why."""

    reason: str


@dataclass(frozen=True)
class RuleSpec:
    """A rule: id, titles, severity, what it measures and the requirement per ruleset."""

    id: str
    title_ja: str
    title_en: str
    severity: str
    metric: str
    unit: str | None
    rulesets: Mapping[str, Requirement | NotApplicable] = field(default_factory=dict)


def _tokyo(req: Requirement | NotApplicable, note: str = TOKYO_NOTE) -> Requirement | NotApplicable:
    if isinstance(req, NotApplicable):
        return req
    return replace(req, note=(req.note + " " + note).strip())


def _rule(
    rule_id: str,
    ja: str,
    en: str,
    severity: str,
    metric: str,
    unit: str | None,
    jp_min: Requirement | NotApplicable,
    jp_rec: Requirement | NotApplicable,
    ada: Requirement | NotApplicable,
    tokyo: Requirement | NotApplicable | None = None,
) -> RuleSpec:
    return RuleSpec(
        rule_id,
        ja,
        en,
        severity,
        metric,
        unit,
        {
            "jp-minimum": jp_min,
            "jp-recommended": jp_rec,
            "tokyo": tokyo if tokyo is not None else _tokyo(jp_rec),
            "ada-2010": ada,
        },
    )


R = Requirement
NA = NotApplicable
ADA_NO_ROW = NA("reference/standards.md has no ADA 2010 counterpart for this check")
JP_MIN_NONE = NA("建築物移動等円滑化基準 (mandatory) has no requirement here; see jp-recommended")

_RULES = [
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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
    _rule(
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

RULES: Mapping[str, RuleSpec] = {rule.id: rule for rule in _RULES}
