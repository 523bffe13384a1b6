"""The one MinHash implementation (core.minhash) that insights' 一事多诉 and appeals' grouping share."""

import numpy as np

from yingshang.core import minhash

LIFT = "我们小区3号楼的电梯已经坏了两个星期了,物业一直说在等配件,老人上下楼非常困难,请尽快督促维修。"
LIFT_AGAIN = "我们小区3号楼电梯坏了两个星期了,物业一直说在等配件,老人上下楼很困难,请尽快督促物业维修!"
NOISE = "夜间工地施工噪音严重扰民,凌晨两点还在打桩,严重影响周边居民休息。"


def _norm(text):
    return minhash.normalize(text)


def test_vectorised_signatures_equal_datasketch_and_empty_texts_give_zero_rows():
    texts = [_norm(LIFT), _norm(NOISE), "", "电"]
    batch = minhash.signatures_numpy(texts)
    assert batch.shape == (4, minhash.NUM_PERM) and batch.dtype == np.uint32
    for row, text in zip(batch, texts):
        single = minhash.signature(text)
        assert (single is None and not row.any()) or np.array_equal(row, single)
    assert minhash.shingles("电梯故障") == ["电梯", "梯故", "故障"] and minhash.shingles("") == []


def test_similar_pairs_links_rewordings_only_and_band_collisions_are_verified():
    texts = [_norm(LIFT), _norm(NOISE), _norm(LIFT_AGAIN), _norm(LIFT), ""]
    signatures = minhash.signatures_numpy(texts)
    assert minhash.estimated_jaccard(signatures[0], signatures[3]) == 1.0
    assert minhash.estimated_jaccard(signatures[0], signatures[1]) < 0.2
    assert minhash.similar_pairs(signatures, 0.99) == [(0, 3)]
    pairs = minhash.similar_pairs(signatures, 0.5)
    assert (0, 2) in pairs and (2, 3) in pairs and not [p for p in pairs if 1 in p or 4 in p]
    bands = minhash.band_hashes(signatures[:2])
    assert bands.shape == (2, minhash.BANDS) and bands.dtype == np.int64
    assert minhash.similar_pairs(np.zeros((3, minhash.NUM_PERM), dtype=np.uint32), 0.5) == []
