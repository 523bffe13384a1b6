"""Forms of the credit app (Chinese labels; services check the rules again for every caller)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core.forms import UnitChoiceField
from yingshang.core.models import Unit

from .facts import known_facts
from .models import RISK_CLASS_CHOICES, CreditIndicator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RepairApplyForm(forms.Form):
    statement = forms.CharField(label=_("修复申请说明(已履行的义务、整改情况)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label=_("证明材料(PDF、JPG、PNG、DOCX,每个不超过 10 MB)"))


class ArrearsForm(forms.Form):
    debtor_unit = UnitChoiceField(label=_("欠款单位(政府部门、事业单位)"), queryset=Unit.objects.filter(is_active=True), required=False)
    debtor_name = forms.CharField(label=_("或欠款方名称(国有企业等)"), max_length=128, required=False)
    contract = forms.CharField(label=_("合同/项目"), max_length=200)
    amount = forms.DecimalField(label=_("拖欠金额(元)"), min_value=0.01, max_digits=14, decimal_places=2)

    def clean(self):
        data = super().clean()
        if not data.get("debtor_unit") and not (data.get("debtor_name") or "").strip():
            raise forms.ValidationError(_("请选择欠款单位或填写欠款方名称"))
        return data


IMPORT_KIND_CHOICES = (("penalties", _("行政处罚")), ("blacklist", _("失信名单")), ("tax", _("纳税信用级别")))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"), choices=IMPORT_KIND_CHOICES)
    file = forms.FileField(label=_("文件(CSV 或 XLSX)"))


class ModelSettingsForm(forms.Form):
    base_score = forms.IntegerField(label=_("基础分"), min_value=0, max_value=100)
    class_a_min = forms.IntegerField(label=_("A类最低分"), min_value=0, max_value=100)
    class_b_min = forms.IntegerField(label=_("B类最低分"), min_value=0, max_value=100)
    class_c_min = forms.IntegerField(label=_("C类最低分"), min_value=0, max_value=100)
    blacklist_class = forms.ChoiceField(label=_("失信名单主体直接评为"), choices=RISK_CLASS_CHOICES)
    note = forms.CharField(label=_("修订说明"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.HiddenInput)  # the model version the editor loaded (each version is its own row)


def fact_choices():
    return [(f.key, f.label) for f in known_facts()]


class IndicatorForm(forms.Form):
    fact = forms.ChoiceField(label=_("指标数据"), choices=())
    label = forms.CharField(label=_("指标名称"), max_length=64)
    comparator = forms.ChoiceField(label=_("比较"), choices=CreditIndicator.Comparator.choices)
    threshold = forms.DecimalField(label=_("阈值"), max_digits=10, decimal_places=2)
    points = forms.IntegerField(label=_("加减分"), min_value=-100, max_value=100)

    def __init__(self, *args, extra_facts=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = fact_choices()
        known = {key for key, _label in choices}
        choices += [(key, _("%(key)s(未接入)") % {"key": key}) for key in extra_facts if key not in known]
        self.fields["fact"].choices = choices
        for field in self.fields.values():  # shown in a table row under column headings: named for screen readers
            field.widget.attrs.setdefault("aria-label", str(field.label))


class _IndicatorRows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.setdefault("aria-label", str(_("删除该指标")))


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=_IndicatorRows, extra=1, can_delete=True, max_num=40)
