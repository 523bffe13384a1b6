"""Forms: the rule editor (condition rows or a full expression), item versions, applications, review,
the extraction assistant's import, and the public calculator."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingshang.core import safedocs
from yingshang.core.forms import UnitChoiceField

from . import amounts, rules
from .facts import BOOL, FACTS, INDUSTRY, NUMBER, SET, vocabulary
from .models import ItemVersion
from .services import MAX_UPLOAD_BYTES

EXPRESSION = "__expr__"
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # the ISO form <input type=date> requires
NO_QUALIFICATION = "__none__"
OP_CHOICES = [(op, rules.OP_CHINESE[op] + f"({rules.OP_TEXT[op]})") for op in rules.OP_TEXT]


def fact_choices(include_expression: bool = True) -> list[tuple[str, str]]:
    choices = [("", "—")] + [(f.key, f"{f.label}({f.key})") for f in FACTS.values()]
    if include_expression:
        choices.append((EXPRESSION, _("组合表达式(and/or/not)")))
    return choices


class ConditionRowForm(forms.Form):
    """One condition of the rule editor: fact, operator, value (a list as comma-separated values)."""

    fact = forms.ChoiceField(label=_("事实"), choices=fact_choices, required=False)
    op = forms.ChoiceField(label=_("运算"), choices=[("", "—")] + OP_CHOICES, required=False)
    value = forms.CharField(label=_("取值"), required=False, max_length=2000)

    def row_text(self) -> str:
        data = self.cleaned_data
        fact, op, value = data.get("fact"), data.get("op"), (data.get("value") or "").strip()
        if not fact:
            return ""
        if fact == EXPRESSION:
            return f"({value})" if value else ""
        if not op:
            raise ValidationError(_("请为“%(label)s”选择运算符") % {"label": FACTS[fact].label})
        if value == "":
            raise ValidationError(_("请填写“%(label)s”的取值") % {"label": FACTS[fact].label})
        kind = FACTS[fact].type
        if op in ("in", "not_in", "has_any"):
            parts = [p.strip().strip('"') for p in value.replace(",", ",").replace("、", ",").split(",") if p.strip()]
            literal = "[" + ", ".join(json.dumps(p, ensure_ascii=False) for p in parts) + "]"
        elif kind == NUMBER:
            literal = value
        elif kind == BOOL:
            literal = {"是": "true", "否": "false"}.get(value, value.lower())
        else:
            literal = json.dumps(value.strip('"'), ensure_ascii=False)
        return f"{fact} {rules.OP_TEXT[op]} {literal}"


ConditionRowFormSet = forms.formset_factory(ConditionRowForm, extra=2, max_num=30)


def rows_from_tree(tree: dict | None) -> list[dict]:
    """A stored rule as editor rows: one row per top-level condition; nested and/or/not as an expression row."""
    rows = []
    for part in rules.conjuncts(tree):
        if "fact" in part:
            value = part["value"]
            if isinstance(value, list):
                text = ", ".join(str(v) for v in value)
            elif isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = str(value)
            rows.append({"fact": part["fact"], "op": part["cmp"], "value": text})
        else:
            rows.append({"fact": EXPRESSION, "op": "", "value": rules.to_text(part)})
    return rows


def rule_text_from_rows(formset, joiner: str = " and ") -> str:
    """Rows joined into one expression: conditions all apply (and); exclusions, any one applies (or)."""
    texts = []
    errors = []
    for form in formset.forms:
        if not form.is_valid():
            continue
        try:
            text = form.row_text()
        except ValidationError as error:
            errors += error.messages
            continue
        if text:
            texts.append(text)
    if errors:
        raise ValidationError(errors)
    return joiner.join(texts)


class VersionForm(forms.Form):
    """An item version's substance; the amount rule as plain fields, tiers as "下限-上限:金额" lines."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE)
    benefit_kind = forms.ChoiceField(label=_("支持方式"), choices=ItemVersion.BenefitKind.choices)
    summary = forms.CharField(label=_("条款内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    amount_kind = forms.ChoiceField(label=_("金额规则"), choices=list(amounts.KIND_LABELS.items()))
    fixed_amount = forms.DecimalField(label=_("定额(万元)"), required=False, min_value=0)
    fixed_ceiling = forms.BooleanField(label=_("为最高额(可少于定额)"), required=False)
    fixed_per = forms.ChoiceField(label=_("按数量计(每单位)"), required=False)
    rate = forms.DecimalField(label=_("比例(%)"), required=False)
    base = forms.ChoiceField(label=_("计算基数"), required=False)
    cap = forms.DecimalField(label=_("封顶(万元)"), required=False)
    cap_scope = forms.ChoiceField(label=_("封顶范围"), choices=[("each", _("每次")), ("total", _("累计"))], required=False)
    measure = forms.ChoiceField(label=_("分档依据"), required=False)
    tiers = forms.CharField(label=_("分档(每行 下限-上限:金额,最高档上限留空)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    conditions_text = forms.CharField(label=_("申报条件(规则表达式)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    exclusions_text = forms.CharField(label=_("排除情形(任一成立即不得享受)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    exclusive_with = forms.CharField(label=_("不得同时享受的条款编号(逗号分隔)"), required=False)
    grant_period = forms.ChoiceField(label=_("享受周期"), choices=ItemVersion.Period.choices)
    max_periods = forms.IntegerField(label=_("最多享受期数"), required=False, min_value=1)
    window_start = forms.DateField(label=_("申报开始"), required=False, widget=DATE)
    window_end = forms.DateField(label=_("申报截止"), required=False, widget=DATE)
    valid_from = forms.DateField(label=_("有效期起"), required=False, widget=DATE)
    valid_to = forms.DateField(label=_("有效期止"), required=False, widget=DATE)
    materials = forms.CharField(label=_("申报材料(每行一项:名称|upload或registry|必需或可选)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    exempt_application = forms.BooleanField(label=_("免申即享"), required=False)
    budget = forms.DecimalField(label=_("预算(万元)"), required=False, min_value=0)
    review_levels = forms.IntegerField(label=_("审核层级"), min_value=1, max_value=3, initial=1)
    limit_accept = forms.IntegerField(label=_("受理时限(工作日)"), min_value=0, max_value=60, initial=3)
    limit_review = forms.IntegerField(label=_("每级审核时限(工作日)"), min_value=0, max_value=60, initial=10)
    limit_publicity = forms.IntegerField(label=_("公示期(工作日)"), min_value=1, max_value=30, initial=5)
    limit_disburse = forms.IntegerField(label=_("兑现时限(工作日)"), min_value=0, max_value=60, initial=10)
    change_note = forms.CharField(label=_("修订说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numeric = [("", "—")] + [(f.key, f.label) for f in FACTS.values() if f.type == NUMBER]
        for name in ("fixed_per", "base", "measure"):
            self.fields[name].choices = numeric

    @staticmethod
    def initial_from(version: ItemVersion) -> dict:
        rule = version.amount_rule or {"kind": "none"}
        limits = {**{"accept": 3, "review": 10, "publicity": 5, "disburse": 10}, **(version.step_limits or {})}
        materials = "\n".join(
            f"{m['name']}|{m.get('source', 'upload')}|{'必需' if m.get('required', True) else '可选'}" + (
                f"|{','.join(m['fields'])}" if m.get("fields") else "")
            for m in version.materials or []
        )
        return {
            "version": version.version, "based_on": version.pk, "effective_from": version.effective_from, "benefit_kind": version.benefit_kind,
            "summary": version.summary, "amount_kind": rule.get("kind", "none"), "fixed_amount": rule.get("amount"),
            "fixed_ceiling": rule.get("ceiling"), "fixed_per": rule.get("per") or "", "rate": rule.get("rate"), "base": rule.get("base") or "",
            "cap": rule.get("cap"), "cap_scope": rule.get("cap_scope", "each"), "measure": rule.get("measure") or "",
            "tiers": amounts.tiers_to_text(rule.get("tiers", [])), "conditions_text": version.conditions_text,
            "exclusions_text": version.exclusions_text, "exclusive_with": ", ".join(version.exclusive_with or []),
            "grant_period": version.grant_period, "max_periods": version.max_periods, "window_start": version.window_start,
            "window_end": version.window_end, "valid_from": version.valid_from, "valid_to": version.valid_to, "materials": materials,
            "exempt_application": version.exempt_application, "budget": version.budget, "review_levels": version.review_levels,
            "limit_accept": limits["accept"], "limit_review": limits["review"], "limit_publicity": limits["publicity"],
            "limit_disburse": limits["disburse"], "change_note": version.change_note,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("amount_kind")
        try:
            if kind == "fixed":
                rule = {"kind": "fixed", "amount": data.get("fixed_amount"), "ceiling": data.get("fixed_ceiling"), "per": data.get("fixed_per") or None}
            elif kind == "percentage":
                rule = {"kind": "percentage", "rate": data.get("rate"), "base": data.get("base"), "cap": data.get("cap"),
                        "cap_scope": data.get("cap_scope") or "each"}
            elif kind == "tiers":
                rule = {"kind": "tiers", "measure": data.get("measure"), "tiers": amounts.parse_tiers_text(data.get("tiers", ""))}
            else:
                rule = {"kind": "none"}
            data["amount_rule"] = amounts.normalize_amount_rule(rule)
        except ValidationError as error:
            self.add_error("amount_kind", error.messages)
        materials = []
        for number, line in enumerate((data.get("materials") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("|", "|").split("|")]
            source = parts[1] if len(parts) > 1 and parts[1] else "upload"
            if source not in ("upload", "registry"):
                self.add_error("materials", _("第%(number)s行:来源只能是 upload(上传)或 registry(登记数据预填)") % {"number": number})
                continue
            entry = {"name": parts[0], "source": source, "required": not (len(parts) > 2 and parts[2] == "可选")}
            if source == "registry" and len(parts) > 3 and parts[3]:
                entry["fields"] = [f.strip() for f in parts[3].split(",") if f.strip()]
            materials.append(entry)
        data["materials_list"] = materials
        data["exclusive_list"] = [c.strip() for c in (data.get("exclusive_with") or "").replace(",", ",").split(",") if c.strip()]
        return data

    def service_values(self) -> dict:
        d = self.cleaned_data
        return {
            "effective_from": d["effective_from"], "benefit_kind": d["benefit_kind"], "summary": d.get("summary", ""),
            "amount_rule": d["amount_rule"], "conditions_text": d.get("conditions_text", ""), "exclusions_text": d.get("exclusions_text", ""),
            "exclusive_with": d["exclusive_list"], "grant_period": d["grant_period"], "max_periods": d.get("max_periods"),
            "window_start": d.get("window_start"), "window_end": d.get("window_end"), "valid_from": d.get("valid_from"),
            "valid_to": d.get("valid_to"), "materials": d["materials_list"], "exempt_application": d.get("exempt_application", False),
            "budget": d.get("budget"), "review_levels": d["review_levels"], "change_note": d.get("change_note", ""),
            "step_limits": {"accept": d["limit_accept"], "review": d["limit_review"], "publicity": d["limit_publicity"],
                            "disburse": d["limit_disburse"]},
        }


class ItemCreateForm(forms.Form):
    code = forms.CharField(label=_("条款编号"), max_length=32)
    title = forms.CharField(label=_("条款名称"), max_length=200)
    unit = UnitChoiceField(label=_("责任单位"), queryset=None)
    document = forms.ModelChoiceField(label=_("所属政策文件"), queryset=None)

    def __init__(self, *args, units=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["document"].queryset = documents


class ImportForm(forms.Form):
    title = forms.CharField(label=_("政策文件标题"), max_length=200)
    issuer = forms.CharField(label=_("发文机关"), max_length=128, required=False)
    doc_number = forms.CharField(label=_("文号"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("印发日期"), required=False, widget=DATE)
    unit = UnitChoiceField(label=_("主管单位"), queryset=None)
    text = forms.CharField(label=_("政策原文(粘贴)"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    file = forms.FileField(label=_("或上传文件(TXT、DOCX、PDF)"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if upload:
            name = upload.name.lower()
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(_("文件超过 %(limit)s MB 上限") % {"limit": MAX_UPLOAD_BYTES // 1048576})
            content = upload.read()
            # Read in a child process within the time and memory budget, through the guarded readers.
            text = safedocs.run_bounded(read_policy_file, name, content)
        if len(text.strip()) < 10:
            raise ValidationError(_("请粘贴政策原文或上传文件"))
        data["text"] = text
        return data


def read_policy_file(name: str, content: bytes) -> str:
    """The text of an uploaded policy document (.txt/.docx/.pdf), read through core/safedocs' limits."""
    limits = safedocs.document_limits()
    try:
        if name.endswith(".txt"):
            text = content.decode("utf-8-sig") if content[:3] == b"\xef\xbb\xbf" else _decode(content)
        elif name.endswith(".docx"):
            text = "\n".join(p.text for p in safedocs.open_docx(content, limits=limits).paragraphs)
        elif name.endswith(".pdf"):
            reader = safedocs.open_pdf(content, limits=limits, what=_("该 PDF 文件"))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        else:
            raise ValidationError(_("只支持 TXT、DOCX、PDF 格式的政策原文"))
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("文件无法读取:可能已损坏,或格式与扩展名不符"))
    safedocs.check_text(text, limits=limits, what=_("该文件的文字内容"))
    return text


def _decode(content: bytes) -> str:
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("文本文件编码无法识别,请另存为 UTF-8"))


def declarable_facts(version: ItemVersion) -> list:
    """Self-declarable facts an item reads (the registry cannot supply them): asked on the application form."""
    used = rules.referenced_facts(version.conditions, version.exclusions)
    rule = version.amount_rule or {}
    used |= {rule.get(k) for k in ("per", "base", "measure") if rule.get(k)}
    return [FACTS[k] for k in FACTS if k in used and FACTS[k].extra and FACTS[k].source == "self_declared"]


def calculator_field(fact) -> forms.Field:
    label = f"{fact.label}" + (f"({fact.unit})" if fact.unit else "")
    if fact.type == NUMBER:
        return forms.FloatField(label=label, required=False, min_value=0 if fact.key != "age_years" else None)
    if fact.type == BOOL:
        return forms.TypedChoiceField(label=label, required=False, choices=[("", _("不确定")), ("true", _("是")), ("false", _("否"))],
                                      coerce=lambda v: v == "true", empty_value=None)
    if fact.type == SET:
        return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple,
                                         choices=list(vocabulary().qualifications.items()) + [(NO_QUALIFICATION, _("以上都没有"))])
    if fact.type == INDUSTRY:
        from .facts import industry_table

        choices = [("", _("不确定"))] + [(f"{section}{code}", f"{section}{code} {name}") for code, (section, name) in industry_table().items()
                                      if code.isdigit()]
        return forms.ChoiceField(label=label, required=False, choices=choices)
    choices = [("", _("不确定"))] + list(vocabulary().choices(fact.key).items())
    return forms.ChoiceField(label=label, required=False, choices=choices)


class CalculatorForm(forms.Form):
    """政策计算器: any subset of facts; what is left empty stays unknown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fact in FACTS.values():
            if fact.key == "status":
                continue
            self.fields[fact.key] = calculator_field(fact)

    def facts(self) -> dict:
        facts = {"status": "active"}
        for key, value in self.cleaned_data.items():
            if value in (None, "", []):
                continue
            facts[key] = set(value) - {NO_QUALIFICATION} if FACTS[key].type == SET else value
        if "qualification" not in facts:
            facts["qualification"] = None  # not told: unknown, unlike an enterprise in the registry
        return facts


class FactDeclareForm(forms.Form):
    key = forms.ChoiceField(label=_("补充信息"), choices=[(f.key, f.label) for f in FACTS.values() if f.extra and f.source == "self_declared" or f.key == "rd_share"])
    value = forms.CharField(label=_("取值"), max_length=32)
