"""The real Open311 client (georeport, from PyPI) against the facade on a live server: it lists the
services, a request is posted with an api_key and read back, in JSON and in XML.

georeport 0.3.1 reads (services, definitions, requests) but has no method to create a request (its
README says so), so the POST is made with `requests` — the HTTP library georeport itself uses — at the
client's own root address with the client's api_key, exactly as the GeoReport v2 spec describes it.

Live-server tests flush the database after each test, so this module runs in the browser process
(marked `browser`), apart from the tests that roll back.
"""

import hashlib

import pytest
import requests
from georeport import GeoReport

from yingshang.appeals.models import Appeal
from yingshang.core.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEY = "open311-test-key"


@pytest.fixture
def client(live_server, users):
    ApiToken.objects.create(user=users["operator"], name="Open311 合作方", key_hash=hashlib.sha256(KEY.encode()).hexdigest())
    return GeoReport(f"{live_server.url}/open311/v2", api_key=KEY)


def _post(client, **fields):
    data = {"api_key": client.api_key, "lat": "38.914", "long": "121.614", "address_string": "大连市中山区人民路 58 号",
            "description": "人民路58号楼前人行道地砖松动,老人险些绊倒", "first_name": "明", "last_name": "王", "phone": "13912345678"} | fields
    return requests.post(f"{client.root_address}/requests.json", data=data, timeout=10)


def test_client_lists_services_posts_a_request_and_reads_it_back(client):
    services = client.get_service_list()
    assert len(services) >= 300 and {"service_code", "service_name", "group", "description", "metadata", "type"} <= set(services[0])
    pavement = next(s for s in services if s["group"] == "城乡建设")
    definition = client.get_service_definition(pavement["service_code"])
    assert definition["service_code"] == pavement["service_code"] and {a["code"] for a in definition["attributes"]} >= {"appeal_type", "district"}

    response = _post(client, service_code=pavement["service_code"])
    assert response.status_code == 201, response.text
    created = response.json()[0]
    request_id = created["service_request_id"]
    assert "已受理" in created["service_notice"]
    appeal = Appeal.objects.get(tracking_no=request_id)
    assert appeal.channel == "app" and appeal.district.name == "中山区" and appeal.person_name == "王明" and appeal.label.code == pavement["service_code"]

    back = client.get_service_request(request_id)
    assert back["service_request_id"] == request_id and back["status"] == "open" and back["service_code"] == pavement["service_code"]
    assert back["address"] == "中山区" and back["lat"] == 38.91 and back["description"] is None
    assert "13912345678" not in str(back) and "王明" not in str(back)  # public reads carry no personal data
    listed = client.get_service_requests(service_code=pavement["service_code"], status="open")
    assert request_id in {r["service_request_id"] for r in listed}
    assert client.get_service_requests(service_request_id=request_id)[0]["service_request_id"] == request_id


def test_xml_format_and_errors(client, live_server):
    xml = GeoReport(client.root_address, api_key=KEY, output_format="xml")
    services = xml.get_service_list()
    code = services[0]["service_code"]
    request_id = _post(client, service_code=code).json()[0]["service_request_id"]
    back = xml.get_service_request(request_id)
    assert back["service_request_id"] == request_id and back["status"] == "open"
    discovery = requests.get(f"{client.root_address}/discovery.xml", timeout=10)
    assert discovery.status_code == 200 and b"<discovery>" in discovery.content and b"GeoReport_v2" in discovery.content

    refused = _post(client, service_code=code, api_key="wrong")
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403
    unknown = _post(client, service_code="L000000000")
    assert unknown.status_code == 400 and "service_code" in unknown.json()[0]["description"]
    nowhere = _post(client, service_code=code, lat="", long="", address_string="")
    assert nowhere.status_code == 400
    bad_phone = _post(client, service_code=code, phone="123")
    assert bad_phone.status_code == 400 and "联系电话" in bad_phone.json()[0]["description"]
    missing = requests.get(f"{client.root_address}/requests/20000101000000.xml", timeout=10)
    assert missing.status_code == 404 and b"<errors>" in missing.content
    too_long = requests.get(f"{client.root_address}/requests.json", params={"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"}, timeout=10)
    assert too_long.status_code == 400
    token = requests.get(f"{client.root_address}/tokens/{request_id}.json", timeout=10).json()[0]
    assert token["service_request_id"] == request_id
