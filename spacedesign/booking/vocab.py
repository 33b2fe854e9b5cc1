"""Code lists of the booking record, each code with a Japanese and an English label."""

from __future__ import annotations

__all__ = [
    "ACTIVE_STATUSES",
    "CODE_LISTS",
    "COMPANY_SIZES",
    "INDUSTRIES",
    "MODES",
    "NEEDS",
    "STATUSES",
    "TOPICS",
    "TRANSITIONS",
    "label",
    "resolve",
]

STATUSES: dict[str, tuple[str, str]] = {
    "held": ("仮押さえ", "Held"),
    "confirmed": ("確定", "Confirmed"),
    "completed": ("実施済", "Completed"),
    "no_show": ("不来訪", "No show"),
    "cancelled": ("取消", "Cancelled"),
}
#: Statuses that occupy their time (the database constraint applies to these only).
ACTIVE_STATUSES = ("held", "confirmed")
#: Allowed status changes (held → confirmed → completed / no_show, or cancelled).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "held": ("confirmed", "cancelled"),
    "confirmed": ("completed", "no_show", "cancelled"),
    "completed": (),
    "no_show": (),
    "cancelled": (),
}

MODES: dict[str, tuple[str, str]] = {
    "onsite": ("来所相談", "On site"),
    "outreach": ("訪問相談", "Outreach"),
    "online": ("オンライン相談", "Online"),
}

COMPANY_SIZES: dict[str, tuple[str, str]] = {
    "founding": ("創業予定", "Planning to start"),
    "sole": ("個人事業主", "Sole proprietor"),
    "micro": ("小規模事業者 (従業員5人以下)", "Micro (up to 5 staff)"),
    "small": ("中小企業 (6〜50人)", "Small (6-50 staff)"),
    "medium": ("中小企業 (51〜300人)", "Medium (51-300 staff)"),
    "large": ("大企業", "Large"),
}

#: 日本標準産業分類 (Japan Standard Industrial Classification, rev. 14) major groups.
INDUSTRIES: dict[str, tuple[str, str]] = {
    "A": ("農業，林業", "Agriculture and forestry"),
    "B": ("漁業", "Fisheries"),
    "C": ("鉱業，採石業，砂利採取業", "Mining and quarrying of stone and gravel"),
    "D": ("建設業", "Construction"),
    "E": ("製造業", "Manufacturing"),
    "F": ("電気・ガス・熱供給・水道業", "Electricity, gas, heat supply and water"),
    "G": ("情報通信業", "Information and communications"),
    "H": ("運輸業，郵便業", "Transport and postal activities"),
    "I": ("卸売業，小売業", "Wholesale and retail trade"),
    "J": ("金融業，保険業", "Finance and insurance"),
    "K": ("不動産業，物品賃貸業", "Real estate and goods rental and leasing"),
    "L": ("学術研究，専門・技術サービス業",
          "Scientific research, professional and technical services"),
    "M": ("宿泊業，飲食サービス業", "Accommodations, eating and drinking services"),
    "N": ("生活関連サービス業，娯楽業", "Living-related and personal services and amusement"),
    "O": ("教育，学習支援業", "Education, learning support"),
    "P": ("医療，福祉", "Medical, health care and welfare"),
    "Q": ("複合サービス事業", "Compound services"),
    "R": ("サービス業（他に分類されないもの）", "Services, n.e.c."),
    "S": ("公務（他に分類されるものを除く）", "Government, except elsewhere classified"),
    "T": ("分類不能の産業", "Industries unable to classify"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "sales": ("販路拡大", "Sales channels"),
    "finance": ("資金繰り", "Cash flow and finance"),
    "startup": ("創業", "Starting a business"),
    "succession": ("事業承継", "Business succession"),
    "dx": ("DX", "Digital transformation"),
    "hr": ("人材", "Staff and hiring"),
    "subsidy": ("補助金・助成金", "Grants and subsidies"),
    "other": ("その他", "Other"),
}

NEEDS: dict[str, tuple[str, str]] = {
    "wheelchair": ("車いす利用", "Wheelchair user"),
    "childcare": ("お子さま連れ", "Coming with children"),
    "interpreter": ("通訳", "Interpreter"),
}


def label(table: dict[str, tuple[str, str]], code: str | None, lang: str = "ja") -> str:
    """Return the label of ``code`` in ``lang`` (``ja``/``en``), or the code when unknown."""
    if code is None:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


#: The code lists a caller may name, by the field they fill (``spacedesign booking codes``).
CODE_LISTS: dict[str, dict[str, tuple[str, str]]] = {
    "topics": TOPICS,
    "company_size": COMPANY_SIZES,
    "industry": INDUSTRIES,
    "needs": NEEDS,
    "mode": MODES,
}


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def resolve(table: dict[str, tuple[str, str]], value: str) -> str | None:
    """Return the code meant by ``value``: a code, its Japanese or its English label.

    Case and spaces do not matter (``finance``, ``資金繰り`` and ``Cash flow and finance`` all
    give ``finance``; ``e`` and ``製造業`` give ``E``). None when nothing matches.
    """
    wanted = _key(value)
    for code, (ja, en) in table.items():
        if wanted in (_key(code), _key(ja), _key(en)):
            return code
    return None
