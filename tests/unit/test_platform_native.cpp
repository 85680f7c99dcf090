// The in-memory platform that native UI tests run against (src/app/platform_native.cpp).
// tests/CMakeLists.txt links only qis_core, so the stand-in is compiled into this file.
#include <doctest/doctest.h>

#include "../../src/app/platform_native.cpp"

using qis::platform::MemoryPlatform;

TEST_CASE("memory platform storage keeps values by key and lists keys by prefix") {
  MemoryPlatform p;
  CHECK_FALSE(p.storage_get("draft/a").has_value());
  CHECK(p.storage_set("draft/b", "{\"x\":1}"));
  CHECK(p.storage_set("draft/a", "一站式"));
  CHECK(p.storage_set("settings", "{}"));
  CHECK(p.storage_get("draft/a").value() == "一站式");
  CHECK(p.storage_keys("draft/") == std::vector<std::string>{"draft/a", "draft/b"});

  SUBCASE("overwriting replaces the value") {
    CHECK(p.storage_set("draft/a", "v2"));
    CHECK(p.storage_get("draft/a").value() == "v2");
    CHECK(p.storage_keys("").size() == 3);
  }
  SUBCASE("removing deletes only that key") {
    p.storage_remove("draft/a");
    p.storage_remove("absent");
    CHECK_FALSE(p.storage_get("draft/a").has_value());
    CHECK(p.storage_keys("draft/") == std::vector<std::string>{"draft/b"});
  }
}

TEST_CASE("memory platform storage reports a Chinese reason when the quota is exceeded") {
  MemoryPlatform p;
  p.set_storage_quota(16);
  CHECK(p.storage_set("k", "0123456789"));
  auto r = p.storage_set("k2", "0123456789");
  CHECK_FALSE(r);
  CHECK(r.reason.find("存储空间已满") != std::string::npos);
  CHECK_FALSE(p.storage_get("k2").has_value());
  CHECK(p.storage_set("k", "012345678901234"));  // replacing frees the old value's room
}

TEST_CASE("memory platform delivers opened files once, in order, and asks for a frame") {
  MemoryPlatform p;
  int wakes = 0;
  p.set_wake_handler([&] { ++wakes; });
  p.open_files("import", ".json,.qis");
  CHECK(p.last_open_purpose == "import");
  CHECK(p.last_open_accept == ".json,.qis");
  p.deliver_file("import", "a.json", std::string("{\0}", 3), "application/json");
  p.deliver_file("drop", "证明.pdf", "%PDF");
  CHECK(wakes == 2);
  auto files = p.take_opened_files();
  REQUIRE(files.size() == 2);
  CHECK(files[0].purpose == "import");
  CHECK(files[0].size == 3);
  CHECK(files[0].bytes == std::string("{\0}", 3));
  CHECK(files[1].purpose == "drop");
  CHECK(files[1].name == "证明.pdf");
  CHECK(p.take_opened_files().empty());
}

TEST_CASE("memory platform records downloads, printing, summary and page-hide callbacks") {
  MemoryPlatform p;
  int flushed = 0;
  p.on_page_hide([&] { ++flushed; });
  p.download("自评.qis.json", "{}", "application/json");
  p.print_html("<!doctype html><p>报告</p>");
  p.set_summary("总分 86 分");
  p.set_unsaved_changes(true);
  p.simulate_page_hide();
  REQUIRE(p.downloads.size() == 1);
  CHECK(p.downloads[0].filename == "自评.qis.json");
  CHECK(p.downloads[0].mime == "application/json");
  CHECK(p.printed.size() == 1);
  CHECK(p.summary == "总分 86 分");
  CHECK(p.unsaved);
  CHECK(flushed == 1);
}

TEST_CASE("memory platform answers url parameters, dates and redraw requests") {
  MemoryPlatform p;
  p.url_params = {{"rubric", "chongming-2024"}};
  CHECK(p.url_param("rubric").value() == "chongming-2024");
  CHECK_FALSE(p.url_param("busy").has_value());
  CHECK(p.today().size() == 10);
  int wakes = 0;
  p.request_redraw(0.5);  // no handler yet: nothing to call
  p.set_wake_handler([&] { ++wakes; });
  p.request_redraw(0.5);
  CHECK(wakes == 1);
  CHECK_FALSE(p.read_asset("font-cjk.ttf").has_value());  // no asset_dir set
}
