"""On a phone (390×844) and a tablet (820×1180) every page of staff, HR, sign-in and our admin
pages fits the screen: only scroll containers (tables, the heatmap, the tile map) are wider, and
they scroll inside their box. The portfolio's charts stay readable at phone width."""

import pytest

from tests.lms.site_pages import LONG_SKILL_NAME, build_site, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}

# Elements wider than the screen, other than those inside a box that scrolls sideways.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  const inScrollBox = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (scrolls(up)) { return true; }
    }
    return false;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || inScrollBox(element)) { continue; }
    const classes = typeof element.className === "string" ? "." + element.className : "";
    wide.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + classes
      + " right=" + Math.round(box.right));
  }
  return {page: document.scrollingElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""


def overflow(page, base: str, paths: list[str]) -> dict[str, dict]:
    found = {}
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.ok, f"{path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        result = page.evaluate(TOO_WIDE)
        if result["page"] > result["width"] or result["wide"]:
            found[path] = result
    return found


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_nothing_but_a_scroll_box_is_wider_than_the_screen(
    browser, live_server, course_index, settings, viewport
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    site = build_site(course_index)
    page = browser.new_page(viewport=viewport, locale="ja-JP", is_mobile=viewport == PHONE)
    page.set_default_timeout(15_000)
    base = live_server.url
    found = overflow(page, base, site.signed_out)
    sign_in(page, base, "demo_staff")
    found |= overflow(page, base, site.staff)
    sign_in(page, base, "demo_hr")
    found |= overflow(page, base, site.hr)
    sign_in(page, base, site.scoped_hr)
    found |= overflow(page, base, site.people)
    sign_in(page, base, site.manager)
    found |= overflow(page, base, site.team)
    sign_in(page, base, "demo_officer")
    found |= overflow(page, base, site.officer)
    sign_in(page, base, "demo_admin")
    found |= overflow(page, base, site.admin)
    assert found == {}


@pytest.fixture
def phone(browser, live_server, course_index, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_site(course_index)
    page = browser.new_page(viewport=PHONE, locale="ja-JP", is_mobile=True)
    page.set_default_timeout(15_000)
    return page


def test_on_a_phone_the_heatmap_scrolls_in_its_box_and_its_headers_stay(phone, live_server):
    sign_in(phone, live_server.url, "demo_hr")
    phone.goto(f"{live_server.url}/portfolio/")
    table = phone.locator("#heatmap-table")
    assert table.get_attribute("open") is not None  # the table is the heatmap on a phone
    scroller = table.locator(".table-scroll")
    assert scroller.get_attribute("tabindex") == "0"
    assert scroller.get_attribute("role") == "region"
    scroller.evaluate("(box) => { box.scrollTop = 200; box.scrollLeft = 300; }")
    box = scroller.bounding_box()
    skill_name = table.locator("thead th >> nth=4").bounding_box()
    municipality_name = table.locator("tbody th >> nth=5").bounding_box()
    # Scrolled down and right, the skill names and the municipality column are still in view.
    assert box["y"] - 1 <= skill_name["y"] <= box["y"] + 1
    assert box["x"] - 1 <= municipality_name["x"] <= box["x"] + 1


def test_on_a_phone_the_heatmap_chart_labels_do_not_overlap(phone, live_server):
    sign_in(phone, live_server.url, "demo_hr")
    phone.goto(f"{live_server.url}/portfolio/")
    chart = phone.locator(".chart-heatmap")
    chart.locator("svg").wait_for(state="attached")
    boxes = phone.evaluate(
        """() => {
          const chart = document.querySelector(".chart-heatmap");
          const names = JSON.parse(document.getElementById("heatmap-data").textContent).skills;
          const isName = (text) => text.textContent.trim()
            && names.some((name) => name.startsWith(text.textContent.trim()));
          return [...chart.querySelectorAll("text")].filter(isName).map((text) => {
            const b = text.getBoundingClientRect();
            return [b.left, b.right, b.top, b.bottom];
          });
        }"""
    )
    assert boxes
    for index, (left, right, top, bottom) in enumerate(boxes):
        for other_left, other_right, other_top, other_bottom in boxes[index + 1 :]:
            overlap_x = min(right, other_right) - max(left, other_left)
            overlap_y = min(bottom, other_bottom) - max(top, other_top)
            assert overlap_x <= 1 or overlap_y <= 1


def test_withheld_cells_are_hatched_in_the_heatmap_chart(phone, live_server):
    sign_in(phone, live_server.url, "demo_hr")
    phone.goto(f"{live_server.url}/portfolio/")
    phone.locator(".chart-heatmap svg").wait_for(state="attached")
    assert phone.locator(".chart-heatmap svg pattern").count() >= 1
    assert phone.locator(".chart-heatmap svg text", has_text="秘匿").count() >= 1


def test_on_a_phone_the_tile_map_says_it_scrolls_and_can_be_scrolled_by_keyboard(
    phone, live_server
):
    sign_in(phone, live_server.url, "demo_hr")
    phone.goto(f"{live_server.url}/portfolio/")
    region = phone.get_by_role("region", name="自治体のタイル地図")
    assert region.get_attribute("tabindex") == "0"
    hint = phone.locator(".scroll-hint", has_text="横にスクロール")
    assert hint.is_visible()
    region.focus()
    phone.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: wait for the box to move rather than read it at once.
    phone.wait_for_function("(box) => box.scrollLeft > 0", arg=region.element_handle())


def test_on_a_phone_the_radar_labels_are_whole(phone, live_server):
    sign_in(phone, live_server.url, "demo_staff")
    phone.goto(f"{live_server.url}/skills/me/")
    phone.locator("#skill-radar svg").wait_for(state="attached")
    chart = phone.locator("#skill-radar").bounding_box()
    texts = phone.evaluate(
        """() => [...document.querySelectorAll("#skill-radar text")].map((text) => {
              const b = text.getBoundingClientRect();
              return {text: text.textContent, left: b.left, right: b.right};
           })"""
    )
    label = "".join(item["text"] for item in texts)
    assert LONG_SKILL_NAME in label.replace("\n", "")
    for item in texts:
        assert chart["x"] - 1 <= item["left"] and item["right"] <= chart["x"] + chart["width"] + 1
