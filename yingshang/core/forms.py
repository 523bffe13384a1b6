from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .creditcode import credit_code_errors, normalize_credit_code
from .tabular import SUPPORTED_SUFFIXES
from .models import Division, Enterprise, Industry, Qualification


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件(CSV、XLSX 或 XLS)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.YINGSHANG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("文件为 %(size).1f MB,超过上限 %(limit).0f MB") % {"size": upload.size / 1048576, "limit": limit / 1048576})
        if not upload.name.lower().endswith(SUPPORTED_SUFFIXES):
            raise forms.ValidationError(_("只接受 CSV、TSV、XLSX 或 XLS 文件"))
        return upload


class EnterpriseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, min_length=18)
    name = forms.CharField(label=_("名称"), max_length=128)
    kind = forms.ChoiceField(label=_("主体类型"), choices=Enterprise.Kind.choices)
    district = forms.ModelChoiceField(label=_("注册区县"), queryset=Division.objects.filter(level=Division.Level.DISTRICT))
    address = forms.CharField(label=_("注册地址"), max_length=256, required=False)
    industry = forms.ModelChoiceField(label=_("行业(GB/T 4754 大类)"), queryset=Industry.objects.filter(level=2))
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    registered_capital = forms.DecimalField(label=_("注册资本(万元)"), required=False, min_value=0, max_digits=14, decimal_places=2)
    employees = forms.IntegerField(label=_("从业人数"), required=False, min_value=0)
    annual_revenue = forms.DecimalField(label=_("年营业收入(万元)"), required=False, min_value=0, max_digits=14, decimal_places=2)
    annual_tax = forms.DecimalField(label=_("年纳税额(万元)"), required=False, min_value=0, max_digits=14, decimal_places=2)
    qualifications = forms.ModelMultipleChoiceField(label=_("资质"), queryset=Qualification.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)
    credit_class = forms.ChoiceField(label=_("信用等级"), choices=[("", "—")] + Enterprise.Credit.choices, required=False)
    status = forms.ChoiceField(label=_("登记状态"), choices=Enterprise.Status.choices)
    contact_name = forms.CharField(label=_("联系人"), max_length=32, required=False)
    contact_phone = forms.RegexField(label=_("联系电话"), regex=r"^[0-9\-+ ]{0,20}$", required=False, error_messages={"invalid": _("电话号码只能包含数字、空格、+ 和 -")})

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        errors = credit_code_errors(code)
        if errors:
            raise forms.ValidationError(errors)
        return code

    @classmethod
    def initial_from(cls, enterprise: Enterprise) -> dict:
        initial = {name: getattr(enterprise, name) for name in cls.base_fields if name not in ("qualifications", "district", "industry")}
        initial["district"] = enterprise.district_id
        initial["industry"] = enterprise.industry_id
        initial["qualifications"] = list(enterprise.qualifications.values_list("code", flat=True))
        return initial

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["qualifications"] = [q.code for q in data["qualifications"]]
        return data


class UnitAliasForm(forms.Form):
    alias = forms.CharField(label=_("别名"), max_length=128)


class CalendarDayForm(forms.Form):
    """One day of the working calendar, as the administrator sets it (core/calendar_services.py)."""

    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": _("请填写日期"), "invalid": _("日期格式应为 2027-01-04")})
    kind = forms.ChoiceField(label=_("类型"), choices=(("holiday", _("法定节假日")), ("workday", _("调休上班日"))),
                             error_messages={"required": _("请选择类型"), "invalid_choice": _("类型应为“法定节假日”或“调休上班日”")})
    name = forms.CharField(label=_("名称"), max_length=64, error_messages={"required": _("请填写名称(如 春节)")})


# --- the one unit picker -------------------------------------------------------------------------------

class UnitPicker(forms.Select):
    """Every unit picker of the platform (660+ units): a plain ``<select>`` that works without JavaScript,
    turned into a searchable box by ``core/unit-picker.js`` (tom-select, npm, vendored). Each option also
    carries the unit's aliases (``data-search``), so typing 「市场监管局」 finds 市市场监督管理局."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-unit-picker": "", **(attrs or {})}, choices)
        self._aliases: dict[int, list[str]] | None = None

    def get_context(self, name, value, attrs):
        self._aliases = unit_aliases_by_unit()  # one query per render, not one per option
        return super().get_context(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        aliases = (self._aliases or {}).get(int(key)) if str(key).isdigit() else None
        if aliases:
            option["attrs"]["data-search"] = " ".join(aliases)
        return option


def unit_aliases_by_unit() -> dict[int, list[str]]:
    from .models import UnitAlias

    aliases: dict[int, list[str]] = {}
    for unit_id, alias in UnitAlias.objects.values_list("unit_id", "alias"):
        aliases.setdefault(unit_id, []).append(alias)
    return aliases


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen with :class:`UnitPicker`; options show the unit's name."""

    widget = UnitPicker

    def label_from_instance(self, unit) -> str:
        return unit.name


class PasswordChangeForm(forms.Form):
    """One's own password change. The rules themselves are settings.AUTH_PASSWORD_VALIDATORS."""

    old_password = forms.CharField(label=_("原密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("再次输入新密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=16, widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))
