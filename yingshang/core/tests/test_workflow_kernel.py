"""The workflow kernel's own rules, on a spec made up for the test (the modules' specs have their own tests)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from yingshang.core import workflow as wf
from yingshang.core.models import Unit


class Lamp(models.TextChoices):
    OFF = "off", "关"
    ON = "on", "开"
    BROKEN = "broken", "损坏"


def _spec(*operations, **kwargs):
    return wf.Workflow(name="lamps", model=Unit, state_field="kind", states=Lamp, operations=operations, noun="灯",
                       audit_model="lamp", **kwargs)


SWITCH_ON = wf.Operation(name="switch_on", label="开灯", from_states=(Lamp.OFF,), to_state=Lamp.ON, side="任何人")
SWITCH_OFF = wf.Operation(name="switch_off", label="关灯", from_states=(Lamp.ON,), to_state=Lamp.OFF, side="任何人")
KICK = wf.Operation(name="kick", label="踢一脚", from_states=(Lamp.ON, Lamp.OFF), to_state={Lamp.ON: (Lamp.OFF, wf.STAY), Lamp.OFF: Lamp.BROKEN},
                    side="任何人", reason_required=True, style=wf.DANGER)


class FakeLamp:
    def __init__(self, state):
        self.kind = state


def test_spec_refuses_unknown_states_and_duplicated_operations():
    with pytest.raises(ValueError, match="unknown states"):
        _spec(wf.Operation(name="fly", label="飞", from_states=("sky",), to_state=Lamp.ON, side="x"))
    with pytest.raises(ValueError, match="duplicated"):
        _spec(SWITCH_ON, SWITCH_ON)


def test_targets_stay_and_per_state_targets():
    assert KICK.targets("on") == ("off", "on") and KICK.targets("off") == ("broken",)
    assert KICK.all_targets() == ["broken", "off", "on"]
    assert wf.Operation(name="poke", label="戳", from_states=("on",), to_state=wf.STAY, side="x").targets("on") == ("on",)


def test_refusal_names_state_operation_and_what_is_possible():
    spec = _spec(SWITCH_ON, SWITCH_OFF, KICK, closed_hint="灯已损坏,不能再变更")
    with pytest.raises(ValidationError) as error:
        wf.check_transition(spec, FakeLamp("on"), "switch_on")
    assert error.value.messages == ["灯当前状态为“开”,不能执行“开灯”。当前可执行的操作:关灯、踢一脚。"]
    with pytest.raises(ValidationError) as error:
        wf.check_transition(spec, FakeLamp("broken"), "switch_on")
    assert error.value.messages == ["灯当前状态为“损坏”,不能执行“开灯”。灯已损坏,不能再变更。"]
    with pytest.raises(ValidationError, match="未知的操作“fly”"):
        wf.check_transition(spec, FakeLamp("on"), "fly")
    assert [op.name for op in wf.possible_operations(spec, FakeLamp("off"))] == ["switch_on", "kick"]


def test_guard_and_public_steps_and_audit_names():
    guarded = wf.Operation(name="switch_on", label="开灯", from_states=("off",), to_state="on", side="x", guard=lambda lamp: "停电了",
                           public_label="已开灯")
    spec = _spec(guarded, SWITCH_OFF, entry_steps={"install": "已安装"})
    with pytest.raises(ValidationError, match="停电了"):
        wf.check_transition(spec, FakeLamp("off"), "switch_on")
    assert wf.possible_operations(spec, FakeLamp("off")) == []
    assert spec.public_steps() == {"install": "已安装", "switch_on": "已开灯"}
    assert spec.audit_action("switch_on") == "core.lamp.switch_on"


def test_form_has_the_reason_box_and_operations_for_the_api():
    spec = _spec(SWITCH_ON, KICK)
    form = wf.operation_form(spec, "kick", FakeLamp("on"))
    assert set(form.fields) == {"version", "reason"} and form.fields["reason"].widget.attrs.get("required")
    described = {op["name"]: op for op in wf.operations_for(spec)}
    assert described["kick"]["reason_required"] and described["kick"]["style"] == "danger"
    assert described["kick"]["to_states"] == ["broken", "off", "on"] and described["switch_on"]["audit_action"] == "core.lamp.switch_on"


def test_mermaid_has_every_edge_start_and_end():
    text = wf.mermaid(_spec(SWITCH_ON, SWITCH_OFF, KICK, initial_states=("off",)))
    assert text.startswith("stateDiagram-v2")
    for line in ("[*] --> off", "off --> on: 开灯", "on --> off: 关灯", "on --> on: 踢一脚", "off --> broken: 踢一脚", "broken --> [*]"):
        assert f"    {line}" in text
