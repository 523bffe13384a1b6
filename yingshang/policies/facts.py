"""The enterprise facts that policy rules may reference.

Each fact says what it is (label, unit, type), where its value comes from (``source``: the registry, the
tax authority, certificates, the credit system, or the enterprise's own declaration), which stored fields
it is derived from (``depends_on``: what incremental re-matching watches), and how a missing value can be
supplied (``settle``: shown next to an undetermined condition).

Registry facts live on ``core.Enterprise``; the credit standing (信用等级, 失信名单) comes from the one credit
check of the kernel (``core.registry.credit_standing``); the others (R&D share, project facts a policy needs) live in :class:`yingshang.policies.models.EnterpriseFact`, one row per enterprise and fact,
each with its own source: an R&D share taken from the tax bureau's 加计扣除 data is authoritative, the same
figure typed in by the enterprise is a self-declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from yingshang.core.reference import read_csv

NUMBER, CATEGORY, INDUSTRY, SET, BOOL = "number", "category", "industry", "set", "bool"

# Sources whose data the government holds itself; 免申即享 may grant automatically only on these.
AUTHORITATIVE_SOURCES = {"registry", "tax", "certificate", "credit", "social_security"}
SOURCE_LABELS = {
    "registry": "登记注册数据", "tax": "税务数据", "certificate": "资质证书", "credit": "信用数据",
    "social_security": "社保数据", "self_declared": "企业自主申报",
}


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    type: str
    source: str
    depends_on: tuple[str, ...]
    settle: str
    unit: str = ""
    extra: bool = False  # stored in EnterpriseFact rather than on core.Enterprise
    choices: tuple[tuple[str, str], ...] = ()  # fixed vocabularies; industry/district/qualification load theirs
    missing_means: object = None  # a list-type fact (blacklist): absence from the list is a known "no"
    aliases: tuple[str, ...] = field(default=())

    @property
    def authoritative(self) -> bool:
        return self.source in AUTHORITATIVE_SOURCES


SIZE_CHOICES = (("large", "大型"), ("medium", "中型"), ("small", "小型"), ("micro", "微型"))
KIND_CHOICES = (("enterprise", "企业"), ("individual", "个体工商户"), ("cooperative", "农民专业合作社"))
CREDIT_CHOICES = (("A", "A级"), ("B", "B级"), ("C", "C级"), ("D", "D级"))
STATUS_CHOICES = (("active", "存续"), ("closed", "注销"))

FACTS: dict[str, Fact] = {f.key: f for f in [
    Fact("industry", "行业", INDUSTRY, "registry", ("industry",), "以营业执照登记的国民经济行业分类为准,如有误请到市场监管部门变更登记",
         aliases=("行业代码",)),
    Fact("district", "注册区县", CATEGORY, "registry", ("district",), "以营业执照登记的注册地为准", aliases=("区县",)),
    Fact("size_class", "企业规模", CATEGORY, "registry", ("size_class", "employees", "annual_revenue", "industry"),
         "补报从业人数和年营业收入后按《统计上大中小微型企业划分办法》自动划型", choices=SIZE_CHOICES, aliases=("规模",)),
    Fact("kind", "主体类型", CATEGORY, "registry", ("kind",), "以登记的主体类型为准", choices=KIND_CHOICES),
    Fact("age_years", "成立年限", NUMBER, "registry", ("founded_on",), "补录营业执照上的成立日期", unit="年", aliases=("成立年限",)),
    Fact("annual_revenue", "年营业收入", NUMBER, "tax", ("annual_revenue",), "由税务部门共享上年度营业收入,或报送经审计的年度财务报表",
         unit="万元", aliases=("营业收入",)),
    Fact("annual_tax", "年纳税额", NUMBER, "tax", ("annual_tax",), "由税务部门共享上年度纳税额(完税证明)", unit="万元", aliases=("纳税额",)),
    Fact("employees", "从业人数", NUMBER, "social_security", ("employees",), "由社保部门共享参保人数,或报送上年度从业人员情况",
         unit="人", aliases=("员工人数", "职工人数")),
    Fact("registered_capital", "注册资本", NUMBER, "registry", ("registered_capital",), "以营业执照登记的注册资本为准", unit="万元"),
    Fact("qualification", "资质", SET, "certificate", ("qualifications",), "上传有效期内的资质证书,经认定部门核验后记入名录",
         aliases=("资质认定",)),
    Fact("credit_class", "信用等级", CATEGORY, "credit", ("credit_class",), "由信用平台共享企业公共信用综合评价等级", choices=CREDIT_CHOICES),
    Fact("status", "登记状态", CATEGORY, "registry", ("status",), "以登记状态为准", choices=STATUS_CHOICES),
    Fact("rd_share", "研发投入占比", NUMBER, "tax", ("extra:rd_share",), "由税务部门共享研发费用加计扣除数据,或上传研发费用专项审计报告",
         unit="%", extra=True, aliases=("研发占比",)),
    # credit_class and blacklisted are read through the one credit check (core.registry.credit_standing, engine.py);
    # the credit app writes the class to the registry too, and signals every change of standing (signals.py).
    Fact("blacklisted", "列入失信联合惩戒名单", BOOL, "credit", ("credit_standing",), "由信用平台共享失信联合惩戒名单",
         missing_means=False, aliases=("失信名单",)),
    Fact("rd_project", "承担市重点科技研发计划项目", BOOL, "self_declared", ("extra:rd_project",), "上传市科技局下达的项目任务书",
         extra=True),
    Fact("national_project", "列入国家科技重大专项或重点研发计划", BOOL, "self_declared", ("extra:national_project",),
         "上传国家项目立项通知或任务书", extra=True),
    Fact("national_funding", "年度国家拨付经费实际到位额", NUMBER, "self_declared", ("extra:national_funding",),
         "上传国家拨付经费到账凭证", unit="万元", extra=True),
    Fact("new_ocean_routes", "新开远洋干线航线数", NUMBER, "self_declared", ("extra:new_ocean_routes",),
         "上传航线开通及稳定运营证明(船期表、港口作业记录)", unit="条", extra=True),
    Fact("fleet_capacity", "在连开业总运力", NUMBER, "self_declared", ("extra:fleet_capacity",),
         "上传船舶国籍证书和载重吨证明,由交通运输部门核验", unit="万载重吨", extra=True),
    Fact("fin_innovation_score", "金融创新项目评选得分", NUMBER, "self_declared", ("extra:fin_innovation_score",),
         "参加金融机构创新评选,由评审委员会出具得分", unit="分", extra=True),
]}

FACT_BY_NAME: dict[str, str] = {}
for _fact in FACTS.values():
    FACT_BY_NAME[_fact.key] = _fact.key
    FACT_BY_NAME[_fact.label] = _fact.key
    for _alias in _fact.aliases:
        FACT_BY_NAME[_alias] = _fact.key

EXTRA_FACTS = [f for f in FACTS.values() if f.extra]


def fact(key: str) -> Fact:
    return FACTS[key]


# --- vocabularies of the open-ended facts ----------------------------------------------------------

@lru_cache(maxsize=1)
def industry_table() -> dict[str, tuple[str, str]]:
    """大类 code → (section letter, name), plus section letter → (letter, name); from the shipped GB/T 4754 file."""
    rows = read_csv("gbt4754_2017.csv")  # core's shipped GB/T 4754-2017 table, read the one way
    table = {}
    for row in rows:
        code = row["code"].strip()
        table[code] = ((row["parent"].strip() or code), row["name"].strip())
    return table


def industry_full_code(division_code: str) -> str:
    """"65" → "I65" (section letter followed by the 大类 digits); "I" stays "I"."""
    table = industry_table()
    if division_code in table and division_code.isdigit():
        return table[division_code][0] + division_code
    return division_code


def industry_label(token: str) -> str:
    table = industry_table()
    digits = token[1:]
    if not digits:
        return f"{token} {table.get(token, ('', ''))[1]}".strip()
    if digits in table:
        return f"{token} {table[digits][1]}"
    return f"{token}(大类 {digits}0–{digits}9)"


@dataclass
class Vocabulary:
    """Known values of the open-ended facts, so that a rule naming an unknown district is refused."""

    districts: dict[str, str]  # code → name
    qualifications: dict[str, str]  # code → name

    def choices(self, key: str) -> dict[str, str]:
        if key == "district":
            return self.districts
        if key == "qualification":
            return self.qualifications
        return dict(FACTS[key].choices)


_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    """From the database (districts of the city, the qualification list), cached for the process."""
    global _vocabulary
    if _vocabulary is None or not _vocabulary.districts:
        from yingshang.core.models import Division, Qualification

        _vocabulary = Vocabulary(
            districts=dict(Division.objects.filter(level=Division.Level.DISTRICT).values_list("code", "name")),
            qualifications=dict(Qualification.objects.values_list("code", "name")),
        )
    return _vocabulary


def reset_vocabulary() -> None:
    global _vocabulary
    _vocabulary = None
