"""Forms of 监管执法's pages (plan creation, trigger, rating). Operation forms come from the workflow specs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core import clock
from yingshang.core.forms import UnitChoiceField
from yingshang.core.models import Unit

from . import draw as rule
from .models import InspectionItem


class PlanForm(forms.Form):
    unit = UnitChoiceField(Unit.objects.filter(is_active=True), label=_("组织部门"))
    title = forms.CharField(label=_("计划名称"), max_length=128)
    items = forms.ModelMultipleChoiceField(InspectionItem.objects.filter(is_active=True), label=_("检查事项"), widget=forms.CheckboxSelectMultiple)
    period_start = forms.DateField(label=_("检查期起"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    period_end = forms.DateField(label=_("检查期止"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    ratios = forms.CharField(label=_("各风险类别抽查比例"), initial="A=0,B=0.05,C=0.1,D=0.2", max_length=100,
                             help_text=_("A 类默认 0:仅触发式监管"))
    seed_source = forms.CharField(label=_("随机种子来源"), max_length=300,
                                  help_text=_("公示名录时一并公开,例如“名录公示后第一个工作日的深圳证券交易所成份指数收盘值”"))

    def __init__(self, *args, user=None, units=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if items is not None:
            self.fields["items"].queryset = items
        if user is not None and user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id
        today = clock.today()
        self.fields["period_start"].initial = today
        self.fields["period_end"].initial = today.replace(month=12, day=31)

    def clean_ratios(self):
        try:
            return rule.parse_ratios(self.cleaned_data["ratios"])
        except rule.DrawError as error:
            raise forms.ValidationError(str(error)) from None


class TriggerForm(forms.Form):
    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("触发原因"), max_length=300)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(5, _("5 非常满意")), (4, _("4 满意")), (3, _("3 一般")), (2, _("2 不满意")), (1, _("1 非常不满意"))],
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见(可选)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
