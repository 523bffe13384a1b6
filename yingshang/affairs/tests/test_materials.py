"""Application materials as real files: received once and shared by the sub-cases that need them (材料只交一次),
免提交 materials ask no file, 补正 by upload completes the case, bad files refused in Chinese with nothing lost,
and the files reach only the applicant, the receiving hall and the departments that need them (404 otherwise),
every receipt and download in the audit trail."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingshang.affairs.models import Bundle, Case, CaseMaterial, Item, ItemMaterial
from yingshang.affairs.services import cases as svc
from yingshang.affairs.services import materials as material_svc
from yingshang.core import clock
from yingshang.core.models import AuditEntry

from .conftest import PDF, pdf, pdfs

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 2)


def at(day: dt.date, hour: int = 10):
    return clock.frozen_at(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


def _restaurant(users, *, keep=None):
    """开办餐饮店 submitted online by the enterprise with a PDF for each material asked (or those in ``keep``)."""
    user = users["enterprise"]
    bundle = Bundle.objects.get(key="open-restaurant")
    form = svc.merged_form_for(svc.items_for(bundle=bundle), user, user.enterprise)
    data = {f.spec.key: (f.spec.choices[0] if f.spec.choices else "120") for f in form.fields_to_ask}
    keys = [m.need.key for m in form.materials_to_submit if keep is None or m.need.key in keep]
    with at(MONDAY, 9):
        return svc.case_submit(actor=user, bundle=bundle, form_data=data, files=pdfs(keys)), form


def test_a_material_needed_by_several_items_is_stored_once_for_all_their_subcases(mini_catalogue, users):
    case, form = _restaurant(users)
    shared = [m for m in form.materials_to_submit if len(m.items) > 1]
    assert shared, "the mini catalogue's restaurant bundle shares a material between items"
    for merged in shared:
        rows = CaseMaterial.objects.filter(case=case, material__key=merged.need.key)
        assert rows.count() == 1
        row = rows.get()
        assert sorted(s.item.name for s in row.subcases.all()) == sorted(merged.items)
        assert row.receipt == CaseMaterial.Receipt.UPLOAD and row.received_by == users["enterprise"]
        assert row.sha256 == hashlib.sha256(PDF).hexdigest() and row.size == len(PDF)
        assert row.file.open("rb").read() == PDF
    assert sorted(case.materials) == sorted(m.need.key for m in form.materials_to_submit)
    assert CaseMaterial.objects.filter(case=case).count() == len(form.materials_to_submit)
    entry = AuditEntry.objects.filter(action="affairs.case_material.receive", object_id=str(row.pk)).get()
    assert entry.after["sha256"] == row.sha256 and "content" not in entry.after


def test_a_material_the_platform_supplies_asks_no_file(mini_catalogue, users, client_for):
    case, form = _restaurant(users)
    supplied = [m.need for m in form.materials_supplied]
    assert "营业执照" in [n.name for n in supplied]  # 电子证照: 免提交
    html = client_for("enterprise").get("/affairs/bundles/open-restaurant/").content.decode()
    for need in supplied:
        assert f'name="material_{need.key}"' not in html
    for merged in form.materials_to_submit:
        assert html.count(f'name="material_{merged.need.key}"') == 1  # each material asked once
    assert 'enctype="multipart/form-data"' in html
    # a file sent for a 免提交 material anyway is not stored
    bundle = Bundle.objects.get(key="open-restaurant")
    data = {f.spec.key: (f.spec.choices[0] if f.spec.choices else "120") for f in form.fields_to_ask}
    other = svc.case_submit(actor=users["enterprise"], bundle=bundle, form_data=data, files=pdfs([n.key for n in supplied]))
    assert not CaseMaterial.objects.filter(case=other).exists() and other.materials == []


def test_correction_then_upload_completes_the_cases_materials(mini_catalogue, users):
    case, form = _restaurant(users, keep={"application-form"})
    clerk = users["window_clerk"]
    with at(MONDAY, 10):
        missing = [m.need.key for m in svc.materials_to_submit(case) if m.need.key not in case.materials]
        svc.case_act(actor=clerk, case=case, operation="request_correction", data={"missing": missing})
        with pytest.raises(ValidationError, match="请上传需补正的材料"):
            svc.case_act(actor=users["enterprise"], case=Case.objects.get(pk=case.pk), operation="resubmit", data={})
        with pytest.raises(PermissionDenied, match="只有窗口人员可以核验纸质原件"):  # the applicant cannot claim a paper original
            svc.case_act(actor=users["enterprise"], case=Case.objects.get(pk=case.pk), operation="resubmit", data={f"paper_{missing[0]}": "on"})
        case.refresh_from_db()
        svc.case_act(actor=users["enterprise"], case=case, operation="resubmit", files={f"material_{k}": pdf(k) for k in missing[1:]})
        assert case.status == Case.Status.SUBMITTED and case.missing == missing[:1]  # what is still missing stays listed
        assert sorted(case.materials) == sorted(["application-form", *missing[1:]])
        # what is still missing after the 补正 blocks 受理; the window sees the paper original and 受理 goes on
        with pytest.raises(ValidationError, match="材料不全"):
            svc.case_act(actor=clerk, case=case, operation="accept")
        svc.case_act(actor=clerk, case=case, operation="request_correction", data={"missing": missing[:1]})
        svc.case_act(actor=clerk, case=case, operation="resubmit", data={f"paper_{missing[0]}": "on"})
        svc.case_act(actor=clerk, case=case, operation="accept")
    assert case.status == Case.Status.REVIEWING
    assert sorted(case.materials) == sorted(m.need.key for m in form.materials_to_submit)
    corrected = CaseMaterial.objects.filter(case=case, correction=True)
    assert {r.receipt for r in corrected} == {CaseMaterial.Receipt.UPLOAD, CaseMaterial.Receipt.PAPER}
    paper = corrected.get(receipt=CaseMaterial.Receipt.PAPER)
    assert not paper.file and paper.received_by == clerk


def _exe() -> SimpleUploadedFile:
    return SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, content_type="application/pdf")


def _zip_bomb() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"a" * 2_000_000 + b"</w:document>")
    return SimpleUploadedFile("平面图.docx", buffer.getvalue())


def test_a_renamed_executable_is_refused_and_nothing_is_stored(mini_catalogue, users):
    item = Item.objects.get(name="企业名称变更登记")
    before = (Case.objects.count(), CaseMaterial.objects.count())
    with pytest.raises(ValidationError) as caught:
        svc.case_submit(actor=users["enterprise"], item=item, form_data={}, files={"application-form": _exe()})
    assert "material_application-form" in caught.value.message_dict
    assert "与扩展名 .pdf 不符" in str(caught.value) and "申请书.pdf" in str(caught.value)
    assert (Case.objects.count(), CaseMaterial.objects.count()) == before


@pytest.mark.parametrize("bad, message", [("exe", "不符"), ("big", "超过"), ("type", "文件类型不支持"), ("bomb", "")])
def test_bad_files_on_the_form_come_back_in_chinese_with_the_typed_fields_kept(mini_catalogue, users, client_for, monkeypatch, bad, message):
    if bad == "big":
        monkeypatch.setattr(material_svc, "MAX_MATERIAL_BYTES", 100)
    upload = {"exe": _exe, "big": lambda: pdf("申请书", PDF + b"%" * 200), "type": lambda: SimpleUploadedFile("申请书.bat", b"echo"),
              "bomb": _zip_bomb}[bad]()
    before = Case.objects.count()
    response = client_for("enterprise").post("/affairs/bundles/open-restaurant/", {
        "submit": "1", "field_food_categories": "热食类食品制售", "field_floor_area": "118", "delivery": "window",
        "material_application-form": upload, "material_fire-commitment": pdf("承诺书")})
    html = response.content.decode()
    assert response.status_code == 400 and Case.objects.count() == before
    assert 'value="118"' in html and "请重新选择材料文件" in html  # nothing typed is lost
    assert message in html and ("申请书" in html or "平面图" in html)


def test_the_window_attaches_a_scan_or_marks_the_paper_original_seen(mini_catalogue, users, client_for):
    clerk = users["window_clerk"]
    item = Item.objects.get(name="公共场所卫生许可")
    page = client_for("window_clerk").get(f"/affairs/items/{item.pk}/apply/?window=1")
    assert 'name="paper_floor-plan"' in page.content.decode()
    asked = svc.merged_form_for([item], None, None).fields_to_ask  # at the window nobody's account prefills anything
    fields = {f"field_{f.spec.key}": (f.spec.choices[0] if f.spec.choices else "80") for f in asked}
    response = client_for("window_clerk").post(f"/affairs/items/{item.pk}/apply/?window=1", {
        "window": "1", "submit": "1", "applicant_name": "某某餐饮有限公司", **fields, "delivery": "window",
        "material_application-form": pdf("申请书扫描件"), "paper_floor-plan": "on"})
    assert response.status_code == 302, [l for l in response.content.decode().splitlines() if "error" in l or "请" in l]
    case = Case.objects.latest("id")
    rows = {r.material.key: r for r in CaseMaterial.objects.filter(case=case).select_related("material")}
    assert rows["application-form"].receipt == CaseMaterial.Receipt.SCAN and rows["application-form"].filename == "申请书扫描件.pdf"
    assert rows["floor-plan"].receipt == CaseMaterial.Receipt.PAPER and rows["floor-plan"].received_by == clerk
    detail = client_for("window_clerk").get(f"/affairs/cases/{case.pk}/").content.decode()
    assert "申请书扫描件.pdf" in detail and "纸质原件已核验" in detail and f"/affairs/materials/{rows['application-form'].pk}/" in detail


# --- who may download ------------------------------------------------------------------------------------------

def _material_for(case, unit_name):
    """A received material that the sub-case of ``unit_name`` needs, and a department of the same case that
    does not need it (when there is one)."""
    for row in CaseMaterial.objects.filter(case=case).prefetch_related("subcases__unit"):
        units = {s.unit.name for s in row.subcases.all()}
        if unit_name in units:
            others = [s for s in case.subcases.select_related("unit") if s.unit.name not in units]
            return row, (others[0] if others else None)
    raise AssertionError(unit_name)


def test_download_reaches_the_handling_department_the_hall_and_the_applicant_only(mini_catalogue, users, client_for, django_user_model):
    from yingshang.core.models import Enterprise

    case, _form = _restaurant(users)
    row, other_sub = _material_for(case, "市市场监督管理局")
    url = f"/affairs/materials/{row.pk}/"
    for username in ("handler_scj", "window_clerk", "enterprise", "leader", "auditor"):
        response = client_for(username).get(url)
        assert response.status_code == 200, username
        assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF
    for username in ("handler_zjj", "citizen"):
        assert client_for(username).get(url).status_code == 404, username
    if other_sub is not None:  # a department of the same case whose item does not need this material
        outsider = django_user_model.objects.filter(unit=other_sub.unit, role="handler").order_by("pk").first()
        assert ItemMaterial.objects.filter(item=other_sub.item, material=row.material).exists() is False
        client = client_for("handler_scj")
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    another = Enterprise.objects.exclude(pk=users["enterprise"].enterprise_id).order_by("pk").first()
    stranger = django_user_model.objects.create_user(username="another_enterprise", password="x", role="enterprise", enterprise=another)
    client = client_for("enterprise")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]  # never the file
    downloads = AuditEntry.objects.filter(action="affairs.case_material.download", object_id=str(row.pk))
    assert downloads.count() == 5 and all(e.after["sha256"] == row.sha256 for e in downloads)


def test_a_paper_original_has_no_file_to_download(mini_catalogue, users, client_for):
    item = Item.objects.get(name="企业名称变更登记")
    case = svc.case_submit(actor=users["window_clerk"], item=item, form_data={}, paper=["application-form"], channel=Case.Channel.WINDOW,
                           enterprise=users["enterprise"].enterprise, applicant_name="某公司")
    row = CaseMaterial.objects.get(case=case)
    assert client_for("window_clerk").get(f"/affairs/materials/{row.pk}/").status_code == 404


def test_the_correction_form_asks_the_applicant_for_files_and_refuses_a_bad_one(mini_catalogue, users, client_for):
    case, _form = _restaurant(users, keep={"application-form"})
    missing = [m.need.key for m in svc.materials_to_submit(case) if m.need.key not in case.materials]
    svc.case_act(actor=users["window_clerk"], case=case, operation="request_correction", data={"missing": missing})
    mine = client_for("enterprise").get(f"/affairs/cases/{case.pk}/").content.decode()
    assert all(f'name="material_{k}"' in mine for k in missing) and 'name="paper_' not in mine  # the applicant uploads
    assert 'name="paper_' in client_for("window_clerk").get(f"/affairs/cases/{case.pk}/").content.decode()  # the window may also see paper
    client = client_for("enterprise")
    refused = client.post(f"/affairs/cases/{case.pk}/resubmit/", {f"material_{missing[0]}": _exe()}, follow=True)
    assert refused.status_code == 200 and "不符" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.CORRECTION and case.missing == missing and not CaseMaterial.objects.filter(case=case, correction=True).exists()
    done = client.post(f"/affairs/cases/{case.pk}/resubmit/", {f"material_{k}": pdf(k) for k in missing})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and case.missing == [] and set(missing) <= set(case.materials)


def test_files_of_a_failed_submission_are_not_left_behind(mini_catalogue, users, settings, monkeypatch):
    from yingshang.affairs import summaries

    def broken(case):
        raise RuntimeError("a later step fails")

    monkeypatch.setattr(summaries, "count_submitted", broken)
    with pytest.raises(RuntimeError):
        _restaurant(users)
    stored = [p for p in (settings.MEDIA_ROOT / "affairs").rglob("*") if p.is_file()] if (settings.MEDIA_ROOT / "affairs").exists() else []
    assert stored == [] and not CaseMaterial.objects.exists()
