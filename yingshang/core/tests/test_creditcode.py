import numpy as np
import pytest

from yingshang.core.creditcode import check_character, credit_code_errors, generate_credit_codes, is_valid_credit_code


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91210202FTTM0HX12A", " 91350100m000100y43 "])
def test_valid_codes_pass(code):
    assert credit_code_errors(code) == []


def test_wrong_check_character_names_the_expected_one():
    errors = credit_code_errors("91350100M000100Y44")
    assert errors == ["校验码错误:第18位应为“3”,实际为“4”"]


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("", "不能为空"),
        ("9135010", "应为18位"),
        ("91350100M000100YI3", "非法字符:I"),
        ("94350100M000100Y43", "不匹配"),
        ("B1350100M000100Y43", "登记管理部门"),
        ("9135A100M000100Y43", "行政区划码"),
    ],
)
def test_invalid_codes_are_explained_in_chinese(code, fragment):
    errors = credit_code_errors(code)
    assert errors and any(fragment in e for e in errors)


def test_check_character_matches_gb32100_example():
    assert check_character("91350100M000100Y4") == "3"


def test_generated_codes_are_valid_distinct_and_reproducible():
    kw = dict(division_codes=np.array(["210202"] * 20000), type_codes=np.array(["1", "2"] * 10000))
    codes = generate_credit_codes(20000, rng=np.random.default_rng(3), **kw)
    assert len(set(codes)) == 20000
    assert all(is_valid_credit_code(c) for c in codes)
    assert codes[:50] == generate_credit_codes(20000, rng=np.random.default_rng(3), **kw)[:50]
    assert all(c[2:8] == "210202" for c in codes[:100])
