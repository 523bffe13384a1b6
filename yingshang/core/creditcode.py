"""统一社会信用代码 (GB 32100-2015): validation and generation.

Structure: 1 registration authority, 2 entity type, 3–8 the registering division's adcode,
9–17 the organisation code (GB 11714, with its own check character), 18 the check character.
"""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CHAR_VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

# Registration authorities and the entity types each may issue (GB 32100-2015, table 1).
AUTHORITY_TYPES = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "12349",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "129",  # 工会
    "9": "123",  # 工商 / 市场监管: 1 企业, 2 个体工商户, 3 农民专业合作社
    "A": "129",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
    "Y": "1",  # 其他
}
KIND_BY_TYPE = {"1": "enterprise", "2": "individual", "3": "cooperative"}


def check_character(first17: str) -> str:
    total = sum(CHAR_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_errors(code: str) -> list[str]:
    """Everything wrong with a code, in Chinese; empty when valid."""
    if not code:
        return [_("统一社会信用代码不能为空")]
    code = code.strip().upper()
    if len(code) != 18:
        return [_("统一社会信用代码应为18位,实际为%(count)s位") % {"count": len(code)}]
    bad = sorted({c for c in code if c not in CHAR_VALUE})
    if bad:
        return [_("统一社会信用代码含非法字符:%(chars)s(不得使用 I、O、S、V、Z)") % {"chars": "".join(bad)}]
    errors = []
    authority, entity_type = code[0], code[1]
    if authority not in AUTHORITY_TYPES:
        errors.append(_("第1位登记管理部门代码“%(authority)s”无效") % {"authority": authority})
    elif entity_type not in AUTHORITY_TYPES[authority]:
        errors.append(_("第2位机构类别代码“%(entity_type)s”与登记管理部门“%(authority)s”不匹配") % {"entity_type": entity_type, "authority": authority})
    if not code[2:8].isdigit():
        errors.append(_("第3–8位应为登记管理机关行政区划码(6位数字)"))
    expected = check_character(code[:17])
    if code[17] != expected:
        errors.append(_("校验码错误:第18位应为“%(expected)s”,实际为“%(actual)s”") % {"expected": expected, "actual": code[17]})
    return errors


def normalize_credit_code(code: str) -> str:
    return (code or "").strip().upper()


def is_valid_credit_code(code: str) -> bool:
    return not credit_code_errors(code)


def validate_credit_code_field(value: str) -> None:
    errors = credit_code_errors(value)
    if errors:
        raise ValidationError(errors, code="invalid_credit_code")


def _org_check(values: np.ndarray) -> np.ndarray:
    """GB 11714 check character value (0–10, 10 = 'X') of 8-character organisation code bodies.

    ``values`` holds each character's GB 11714 value (digits 0–9, letters A=10…Z=35).
    """
    total = (values * np.array(ORG_WEIGHTS)).sum(axis=1)
    return (11 - total % 11) % 11


def generate_credit_codes(
    count: int, *, division_codes: np.ndarray, type_codes: np.ndarray, rng: np.random.Generator
) -> list[str]:
    """``count`` distinct, valid codes registered by market regulation (authority 9).

    The organisation-code bodies walk a full-period sequence modulo 31**8, so codes never repeat
    within one call whatever ``count`` is; ``rng`` picks the starting point and the stride.
    """
    space = 31**8
    start = int(rng.integers(0, space))
    stride = int(rng.integers(space // 3, space // 2)) | 1
    while stride % 31 == 0:
        stride += 2
    bodies = (start + np.arange(count, dtype=np.int64) * stride) % space
    digits = np.empty((count, 8), dtype=np.int64)
    for position in range(7, -1, -1):
        digits[:, position] = bodies % 31
        bodies //= 31
    charset = np.array(list(CHARSET))
    # Organisation codes use digits and letters with their GB 11714 values (A=10 … Z=35).
    org_values = np.array([int(c, 36) for c in CHARSET])[digits]
    org_check = _org_check(org_values)
    org_check_chars = np.where(org_check == 10, "X", org_check.astype(str))
    first17 = [
        "9" + t + d + "".join(body) + oc
        for t, d, body, oc in zip(type_codes, division_codes, charset[digits], org_check_chars)
    ]
    return [code + check_character(code) for code in first17]
