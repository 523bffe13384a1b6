"""Reproduce a 双随机 draw of 营商通: python supervision_draw.py frame.csv pool.csv SEED A=0.03,B=0.05,C=0.1,D=0.2"""
import csv, hashlib, math, sys
from decimal import Decimal

frame_file, pool_file, seed, ratio_text = sys.argv[1:5]
ratios = {k: Decimal(v) for k, v in (part.split("=") for part in ratio_text.split(","))}
frame = list(csv.DictReader(open(frame_file, encoding="utf-8-sig")))
pool = list(csv.DictReader(open(pool_file, encoding="utf-8-sig")))
sha = lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest()
print("credit_code,risk_class,inspectors")
for cls in "ABCD":
    members = sorted((sha(f"{seed}|{r['credit_code']}"), r["credit_code"]) for r in frame if r["risk_class"] == cls)
    for _, code in members[:math.ceil(ratios.get(cls, Decimal(0)) * len(members))]:
        free = sorted((sha(f"{seed}|{code}|{p['certificate_no']}"), p["certificate_no"]) for p in pool
                      if code not in p["recused_credit_codes"].split(";"))
        print(f"{code},{cls},{';'.join(c for _, c in free[:2]) if len(free) >= 2 else ''}")
