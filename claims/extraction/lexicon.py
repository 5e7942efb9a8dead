"""The default lexicon: actors of the 2025 negotiations and the negotiation-issue taxonomy.

Plain data only. Aliases are matched longest-first; titles and honorifics after an alias
(氏, 大統領, 報道官…) are recognised by the matcher, so they need not be listed. A one-character
alias (米, ロ, 露, ウ, 欧, 英, 仏, 独) only counts as a prefix token beside another such
abbreviation or marker (米ロ, 対露, 米側, 英仏) — see :mod:`claims.extraction.actors`.
"""

from __future__ import annotations

from claims.extraction.records import ActorEntry, IssueEntry, Lexicon

PERSON = "person"
ORGANISATION = "organisation"
STATE = "state"


def _person(slug: str, *aliases: str) -> ActorEntry:
    return ActorEntry(slug=slug, aliases=aliases, kind=PERSON)


def _organisation(slug: str, *aliases: str) -> ActorEntry:
    return ActorEntry(slug=slug, aliases=aliases, kind=ORGANISATION)


def _state(slug: str, *aliases: str) -> ActorEntry:
    return ActorEntry(slug=slug, aliases=aliases, kind=STATE)


DEFAULT_ACTORS: tuple[ActorEntry, ...] = (
    # United States
    _person(
        "trump",
        "トランプ",
        "トランプ氏",
        "トランプ大統領",
        "トランプ米大統領",
        "ドナルド・トランプ",
        "ドナルド・J・トランプ",
    ),
    _person("vance", "バンス", "ヴァンス", "JD・バンス", "J・D・バンス", "JD・ヴァンス"),
    _person("rubio", "ルビオ", "マルコ・ルビオ"),
    _person("waltz", "ウォルツ", "マイク・ウォルツ"),
    _person("hegseth", "ヘグセス", "ピート・ヘグセス"),
    _person(
        "witkoff",
        "ウィトコフ",
        "ウィットコフ",
        "スティーブ・ウィトコフ",
        "スティーブン・ウィトコフ",
    ),
    _person("kellogg", "ケロッグ", "キース・ケロッグ"),
    _person("driscoll", "ドリスコル", "ダン・ドリスコル"),
    _person("kushner", "クシュナー", "ジャレッド・クシュナー"),
    _person("leavitt", "レビット", "キャロライン・レビット"),
    # Russia
    _person("putin", "プーチン", "ウラジーミル・プーチン", "ウラジミール・プーチン"),
    _person("lavrov", "ラブロフ", "ラヴロフ", "セルゲイ・ラブロフ"),
    _person("peskov", "ペスコフ", "ドミトリー・ペスコフ"),
    _person("ushakov", "ウシャコフ", "ユーリ・ウシャコフ", "ユーリー・ウシャコフ"),
    _person("dmitriev", "ドミトリエフ", "キリル・ドミトリエフ"),
    _person("medinsky", "メジンスキー", "ウラジーミル・メジンスキー"),
    _person("medvedev", "メドベージェフ"),
    _person("zakharova", "ザハロワ", "マリア・ザハロワ"),
    # Ukraine
    _person(
        "zelensky",
        "ゼレンスキー",
        "ウォロディミル・ゼレンスキー",
        "ボロディミル・ゼレンスキー",
        "ゼレンスキー大統領",
    ),
    _person("yermak", "イエルマーク", "イェルマーク", "アンドリー・イエルマーク"),
    _person("sybiha", "シビハ", "アンドリー・シビハ"),
    _person("umerov", "ウメロフ", "ルステム・ウメロフ"),
    _person("budanov", "ブダノフ"),
    _person("zaluzhny", "ザルジニー"),
    # Europe and others
    _person("macron", "マクロン", "エマニュエル・マクロン"),
    _person("starmer", "スターマー", "キア・スターマー"),
    _person("merz", "メルツ", "フリードリヒ・メルツ"),
    _person("scholz", "ショルツ", "オラフ・ショルツ"),
    _person("meloni", "メローニ", "ジョルジャ・メローニ"),
    _person("tusk", "トゥスク", "ドナルド・トゥスク"),
    _person("orban", "オルバン", "ビクトル・オルバン"),
    _person("fico", "フィツォ", "ロベルト・フィツォ"),
    _person("stubb", "ストゥブ", "アレクサンデル・ストゥブ"),
    _person("rutte", "ルッテ", "マルク・ルッテ"),
    _person("von-der-leyen", "フォンデアライエン", "フォン・デア・ライエン", "フォンデアライエン"),
    _person("kallas", "カヤ・カラス"),
    _person("costa", "アントニオ・コスタ"),
    _person("erdogan", "エルドアン", "レジェプ・タイイップ・エルドアン"),
    _person("fidan", "フィダン"),
    _person("bin-salman", "ムハンマド皇太子", "ムハンマド・ビン・サルマン"),
    _person("xi", "習近平"),
    _person("guterres", "グテレス", "アントニオ・グテレス"),
    _person("ishiba", "石破", "石破茂"),
    _person("lukashenko", "ルカシェンコ"),
    # Organisations
    _organisation("white-house", "ホワイトハウス", "米ホワイトハウス"),
    _organisation("kremlin", "クレムリン", "ロシア大統領府", "露大統領府", "ロ大統領府"),
    _organisation("nato", "NATO", "北大西洋条約機構"),
    _organisation("eu", "EU", "欧州連合", "欧州委員会"),
    _organisation("un", "国連", "国際連合", "国連安全保障理事会", "安保理"),
    _organisation("g7", "G7", "主要7カ国", "主要7か国"),
    _organisation("iaea", "IAEA", "国際原子力機関"),
    # States
    _state("us", "米国", "アメリカ", "米政府", "米政権", "米側", "アメリカ合衆国", "米"),
    _state("russia", "ロシア", "ロシア政府", "ロシア側", "ロシア連邦", "ロ", "露"),
    _state("ukraine", "ウクライナ", "ウクライナ政府", "ウクライナ側", "ウ"),
    _state("europe", "欧州", "ヨーロッパ", "欧州諸国", "欧"),
    _state("germany", "ドイツ", "独"),
    _state("france", "フランス", "仏"),
    _state("uk", "英国", "イギリス", "英"),
    _state("saudi-arabia", "サウジアラビア", "サウジ"),
    _state("china", "中国"),
    _state("turkey", "トルコ", "トルキエ"),
    _state("hungary", "ハンガリー"),
    _state("slovakia", "スロバキア"),
    _state("poland", "ポーランド"),
    _state("belarus", "ベラルーシ"),
    _state("north-korea", "北朝鮮"),
    _state("japan", "日本", "日本政府"),
    _state("finland", "フィンランド"),
    _state("qatar", "カタール"),
    _state("uae", "アラブ首長国連邦", "UAE"),
)


# Keywords are literal strings, except that ``A…B`` means A followed by B a few characters
# later in the same sentence (部隊…派遣 matches 部隊の派遣 and 部隊をウクライナに派遣).
DEFAULT_ISSUES: tuple[IssueEntry, ...] = (
    IssueEntry(
        "security_guarantees",
        "安全保障",
        "Security guarantees",
        (
            "安全保障",
            "安全の保証",
            "安全の保障",
            "安全保証",
            "安全を保証",
            "安全保障の確約",
            "安全の確約",
            "安全保障上の保証",
            "安全保障協定",
            "安保協定",
            "部隊駐留",
            "駐留",
            "地上部隊",
            "抑止力",
            "再侵攻",
            "集団防衛",
            "第5条",
            "第五条",
        ),
    ),
    IssueEntry(
        "territory",
        "領土",
        "Territory",
        (
            "領土",
            "国土",
            "国境",
            "占領",
            "併合",
            "割譲",
            "ロシア領",
            "クリミア",
            "ドンバス",
            "ドネツク",
            "ルハンスク",
            "ルガンスク",
            "ザポリージャ州",
            "ザポロジエ州",
            "ヘルソン",
            "クルスク",
            "東部4州",
            "4州",
            "境界線",
            "前線の凍結",
            "現在の前線",
            "支配地域",
            "実効支配",
            "2014年以前の国境",
        ),
    ),
    IssueEntry(
        "ceasefire_monitoring",
        "停戦監視",
        "Ceasefire and monitoring",
        (
            "停戦",
            "休戦",
            "停戦監視",
            "監視",
            "検証",
            "違反",
            "停戦合意",
            "戦闘停止",
            "戦闘の停止",
            "戦闘を停止",
            "停戦ライン",
            "黒海",
            "航行の安全",
            "武力行使…やめ",
        ),
    ),
    IssueEntry(
        "sanctions_relief",
        "制裁解除",
        "Sanctions relief",
        (
            "制裁",
            "制裁解除",
            "制裁緩和",
            "制裁の解除",
            "制裁の緩和",
            "経済制裁",
            "対露制裁",
            "対ロ制裁",
            "追加制裁",
            "二次制裁",
            "関税",
            "資産凍結",
            "凍結資産",
            "SWIFT",
        ),
    ),
    IssueEntry(
        "nato_membership",
        "NATO加盟",
        "NATO membership",
        (
            "NATO加盟",
            "NATOへの加盟",
            "NATOに加盟",
            "NATOへ加盟",
            "NATO入り",
            "NATO…加盟",
            "北大西洋条約機構への加盟",
            "北大西洋条約機構に加盟",
            "ウクライナの加盟",
            "将来の加盟",
            "加盟の扉",
            "加盟断念",
            "加盟を断念",
            "加盟の断念",
            "中立化",
            "中立を保",
            "中立国",
        ),
    ),
    IssueEntry(
        "minerals_deal",
        "鉱物資源",
        "Minerals deal",
        (
            "レアアース",
            "希土類",
            "鉱物",
            "鉱物資源",
            "重要鉱物",
            "鉱物協定",
            "資源協定",
            "天然資源",
            "資源",
            "リチウム",
            "チタン",
            "資源権益",
            "復興投資基金",
        ),
    ),
    IssueEntry(
        "peacekeeping",
        "平和維持",
        "Peacekeeping",
        (
            "平和維持",
            "平和維持部隊",
            "平和維持軍",
            "平和維持活動",
            "有志連合",
            "有志国連合",
            "部隊派遣",
            "派兵",
            "部隊…派遣",
            "部隊…送",
            "部隊…展開",
            "部隊が関わ",
            "部隊の編成",
            "軍の派遣",
            "多国籍部隊",
            "安定化部隊",
            "欧州部隊",
            "欧州の部隊",
        ),
    ),
    IssueEntry(
        "elections",
        "選挙",
        "Elections",
        (
            "選挙",
            "総選挙",
            "大統領選",
            "投票",
            "戒厳令",
            "正統性",
            "正当性",
            "任期",
            "首相に選出",
            "次期首相",
            "新政権",
            "政権発足",
            "連立",
        ),
    ),
    IssueEntry(
        "prisoner_exchange",
        "捕虜交換",
        "Prisoner exchange",
        (
            "捕虜",
            "捕虜交換",
            "人ずつ",
            "人を交換",
            "人の交換",
            "身柄の交換",
            "子ども",
            "子供",
            "送還",
            "帰還",
            "連れ去",
            "拉致",
            "遺体",
            "民間人の解放",
            "拘束者",
        ),
    ),
    IssueEntry(
        "energy_infrastructure",
        "エネルギー施設",
        "Energy infrastructure",
        (
            "エネルギー施設",
            "エネルギーインフラ",
            "エネルギー関連",
            "発電所",
            "原発",
            "原子力発電所",
            "電力",
            "送電",
            "停電",
            "インフラ攻撃",
            "インフラへの攻撃",
            "製油所",
            "石油施設",
            "ガス施設",
            "パイプライン",
        ),
    ),
    IssueEntry(
        "negotiations_process",
        "交渉プロセス",
        "Negotiations process",
        (
            "協議",
            "交渉",
            "会談",
            "電話会談",
            "首脳会談",
            "首脳会議",
            "外相会談",
            "会合",
            "特使",
            "和平",
            "和平案",
            "和平交渉",
            "和平協議",
            "和平合意",
            "仲介",
            "直接協議",
            "直接交渉",
            "サミット",
            "代表団",
            "交渉団",
            "交渉チーム",
            "対話",
            "訪問",
            "訪れ",
            "訪露",
            "訪米",
            "入りした",
            "招待",
            "招い",
            "面会",
            "対面",
            "会談し",
            "会った",
            "会う",
            "電話で話",
            "電話で協議",
            "伝言",
            "親書",
        ),
    ),
)

# Phrases that contain an issue keyword without being about the issue; matched with the
# keywords and ignored. (Waltz's title 国家安全保障担当 and the Munich Security Conference are
# not security guarantees; 意見交換 is not a prisoner exchange; NATO加盟国 are the members.)
DEFAULT_NEUTRAL_PHRASES: tuple[str, ...] = (
    "ミュンヘン安全保障会議",
    "安全保障会議",
    "安全保障理事会",
    "安全保障担当",
    "NATO加盟国",
    "加盟国",
    "人的資源",
    "監視カメラ",
    "子ども連れ",
    "停戦後",  # the period after a ceasefire, not its terms
)

# Frame words: they name the negotiations without reporting a contact. They count only when
# the sentence touches no other issue (「NATO加盟は交渉の現実的な結果ではない」 is about NATO
# membership; 「和平交渉が始まった」 is about the process).
DEFAULT_WEAK_KEYWORDS: frozenset[str] = frozenset(
    {"交渉", "和平", "和平案", "和平交渉", "和平合意", "首脳会議", "特使", "対話", "会合"}
)

# Issues whose keywords are also weak when they only set the scene of a statement
# (「ラブロフ外相は協議の後、…と述べた」, 「会談で、…」).
SETTING_ISSUES: frozenset[str] = frozenset({"negotiations_process"})

DEFAULT_LEXICON = Lexicon(actors=DEFAULT_ACTORS, issues=DEFAULT_ISSUES)
