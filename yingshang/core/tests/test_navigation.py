"""The top bar: module menus from the one registry (core.modules), filtered by role in one place."""

import pytest

from yingshang.core.modules import MAX_TOP_LEVEL, menu_for, navigation_for

pytestmark = pytest.mark.django_db

DEMO_USERS = ["admin", "operator", "handler_scj", "handler_zjj", "coordinator_gjz", "handler_gjz_czj", "leader",
              "auditor", "enterprise", "citizen", "window_clerk", "inspector_scj"]


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_role_gets_at_most_seven_top_level_items_and_keeps_every_page(users, username):
    user = users[username]
    items = navigation_for(user)
    assert len(items) <= MAX_TOP_LEVEL  # the module menus (the brand is the home link)
    in_menus = [entry.key for item in items for entry in item.entries]
    assert sorted(in_menus) == sorted(entry.key for entry in menu_for(user))  # nothing lost by grouping


def test_admin_menus_are_modules_with_their_pages(users):
    items = {item.title: [entry.title for entry in item.entries] for item in navigation_for(users["admin"])}
    assert {"诉求受理", "诉求办理"} <= set(items["12345 诉求"])
    assert "审计日志" in items["系统管理"] and "行动方案" in items["方案督办"]


def test_a_module_with_one_page_for_the_role_is_a_plain_link(users):
    items = navigation_for(users["citizen"])
    appeals = next(item for item in items if item.key == "appeals")
    assert not appeals.is_menu and appeals.title == "我的诉求"


def test_the_current_module_is_marked(users):
    items = navigation_for(users["admin"], "/plans/tasks/")
    assert [item.key for item in items if item.current] == ["plans"]


def test_menus_render_as_disclosure_buttons(client_for):
    html = client_for("admin").get("/").content.decode()
    assert 'aria-controls="navmenu-appeals"' in html and 'aria-expanded="false"' in html
    assert "onclick" not in html and 'src="/static/core/nav.js"' in html


def test_home_is_the_role_workspace_grouped_by_module(client_for):
    html = client_for("admin").get("/").content.decode()
    assert html.count('class="workspace"') >= 5 and 'id="ws-appeals"' in html and "12345 诉求</h2>" in html
