"""Japanese (default) and English texts of the booking pages."""

from __future__ import annotations

import datetime as dt

__all__ = ["LANGS", "explain", "format_day", "translator"]

LANGS = ("ja", "en")
_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

TEXTS: dict[str, tuple[str, str]] = {
    "site": ("中野区産業振興センター 経営相談予約",
             "Nakano SME support desk: consultation booking"),
    "unavailable_title": ("ただいま混み合っています", "Temporarily unavailable"),
    "unavailable": ("予約データベースに一時的に接続できません。"
                    "少し待ってからもう一度お試しください。入力した内容は保存されていません。",
                    "The booking database is temporarily unavailable. Please try again in a "
                    "moment. Nothing you entered has been saved."),
    "skip": ("本文へ移動", "Skip to content"),
    "week_title": ("空き状況 (週表示)", "Free times this week"),
    "week_help": ("「空き」は予約できる時間です。祝日・年末年始 (12/29〜1/3) は休みです。",
                  "“Free” times can be booked. Closed on public holidays and 29 Dec – 3 Jan."),
    "prev_week": ("前の週", "Previous week"),
    "next_week": ("次の週", "Next week"),
    "free": ("空き", "Free"),
    "taken": ("予約済", "Taken"),
    "closed": ("休み", "Closed"),
    "no_slots": ("受付なし", "No consultations"),
    "book_this": ("この時間を予約", "Book this time"),
    "time": ("時間", "Time"),
    "room": ("部屋", "Room"),
    "rooms": ("部屋", "Rooms"),
    "capacity": ("定員", "Capacity"),
    "wheelchair_ok": ("車いす利用可", "Wheelchair accessible"),
    "wheelchair_no": ("車いす利用は要相談", "Ask about wheelchair access"),
    "login": ("職員ログイン", "Staff login"),
    "logout": ("ログアウト", "Log out"),
    "username": ("ユーザー名", "User name"),
    "password": ("パスワード", "Password"),
    "login_failed": ("ユーザー名またはパスワードが違います。", "Wrong user name or password."),
    "csrf_failed": ("フォームの有効期限が切れました。もう一度送信してください。",
                    "The form expired. Please send it again."),
    "book_title": ("相談の予約 (代行登録)", "Book a consultation (on behalf of a caller)"),
    "when": ("日時と場所", "Time and place"),
    "mode": ("相談方法", "Consultation type"),
    "date": ("日付", "Date"),
    "start": ("開始時刻", "Start time"),
    "end": ("終了時刻", "End time"),
    "coordinator": ("コーディネーター", "Coordinator"),
    "caller": ("ご相談者", "Caller"),
    "business_name": ("事業者名", "Business name"),
    "contact_name": ("ご担当者名", "Contact person"),
    "phone": ("電話番号", "Phone"),
    "email": ("メールアドレス", "E-mail"),
    "phone_or_email": ("電話番号かメールアドレスのどちらかが必要です。",
                       "A phone number or an e-mail address is required."),
    "company_size": ("事業規模", "Company size"),
    "industry": ("業種 (日本標準産業分類)", "Industry (JSIC major group)"),
    "topics": ("相談内容", "Topics"),
    "needs": ("配慮が必要なこと", "Support needed"),
    "attendees": ("来所人数", "Number of visitors"),
    "notes": ("メモ", "Notes"),
    "meeting_link": ("オンライン会議のURL", "Online meeting link"),
    "status": ("状態", "Status"),
    "required": ("必須", "required"),
    "choose": ("選択してください", "Please choose"),
    "none": ("なし", "None"),
    "submit_booking": ("予約する", "Book"),
    "errors_title": ("入力内容を確認してください", "Please check the form"),
    "taken_error": ("その時間はすでに予約されています。別の時間を選んでください。",
                    "That time is already taken. Please choose another time."),
    "booked": ("予約しました。", "The booking is saved."),
    "updated": ("更新しました。", "Updated."),
    "booking": ("予約", "Booking"),
    "day_title": ("コーディネーターの1日", "Coordinator's day"),
    "show": ("表示", "Show"),
    "no_bookings": ("予約はありません。", "No bookings."),
    "actions": ("操作", "Actions"),
    "confirm": ("確定にする", "Confirm"),
    "mark_completed": ("実施済にする", "Mark completed"),
    "mark_no_show": ("不来訪にする", "Mark no show"),
    "cancel_booking": ("予約を取り消す", "Cancel booking"),
    "reschedule": ("日時を変更", "Reschedule"),
    "download_ics": ("カレンダー (.ics) をダウンロード", "Download calendar file (.ics)"),
    "history": ("変更履歴", "History"),
    "staff_menu": ("職員メニュー", "Staff"),
    "not_found": ("見つかりません。", "Not found."),
    "language": ("English", "日本語"),
}


def translator(lang: str) -> dict[str, str]:
    """All texts in ``lang`` as a mapping (missing keys fall back to the key itself)."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}


def format_day(day: dt.date, lang: str) -> str:
    """``12月2日(水)`` in Japanese, ``Wed 2 Dec`` in English."""
    if lang == "en":
        return f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {day.strftime('%b')}"
    return f"{day.month}月{day.day}日({_WEEKDAYS_JA[day.weekday()]})"


#: Japanese wording of the store's rule messages (matched by their English beginning).
RULE_MESSAGES_JA: tuple[tuple[str, str], ...] = (
    ("outside the opening hours", "受付時間外です。"),
    ("too soon", "直前のため予約できません。"),
    ("too far ahead", "受付期間より先の日付です。"),
    ("closed on", "休業日です。"),
    ("not an opening day", "相談日ではありません。"),
    ("no opening rule", "この相談方法・部屋・コーディネーターの受付はありません。"),
    ("the end must be after the start", "終了時刻は開始時刻より後にしてください。"),
    ("times must be on the", "時刻は5分単位で入力してください。"),
    ("business name is required", "事業者名を入力してください。"),
    ("contact person is required", "ご担当者名を入力してください。"),
    ("a phone number or an e-mail address is required",
     "電話番号かメールアドレスを入力してください。"),
    ("e-mail address is not valid", "メールアドレスの形式が正しくありません。"),
    ("phone:", "電話番号は数字・+・-・( )・空白で入力してください。"),
    ("an on-site consultation needs a room", "来所相談では部屋を選んでください。"),
    ("no bookable room", "その部屋は予約できません。"),
    ("no coordinator", "コーディネーターを選んでください。"),
)


def explain(message: str, lang: str) -> str:
    """Return ``message`` in Japanese (with the original) when ``lang`` is ``ja``."""
    if lang != "ja":
        return message
    for prefix, japanese in RULE_MESSAGES_JA:
        if message.startswith(prefix):
            return f"{japanese} ({message})"
    return message
