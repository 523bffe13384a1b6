"""Load GB/T 4754-2017 (门类 and 大类) and the qualification list: reference data every database needs."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

QUALIFICATIONS = [
    ("high_tech", "高新技术企业"), ("tech_sme", "科技型中小企业"), ("specialized", "专精特新中小企业"),
    ("little_giant", "专精特新“小巨人”企业"), ("eaglet", "雏鹰企业"), ("gazelle", "瞪羚企业"), ("unicorn", "独角兽企业"),
    ("foreign", "外商投资企业"), ("above_scale", "规模以上企业"), ("listed", "上市公司"),
]


def load(apps, schema_editor):
    Industry = apps.get_model("core", "Industry")
    Qualification = apps.get_model("core", "Qualification")
    with open(DATA / "gbt4754_2017.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in sorted(rows, key=lambda r: int(r["level"])):
        Industry.objects.update_or_create(
            code=row["code"].strip(), defaults={"name": row["name"].strip(), "level": int(row["level"]), "parent_id": row["parent"].strip() or None}
        )
    for code, name in QUALIFICATIONS:
        Qualification.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
