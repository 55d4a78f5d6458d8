#include "registry/tag_list.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace stalebase;
using namespace stalebase::registry;

namespace {

// Tag paging against canned pages: no HTTP, only the URLs it asks for.
struct FakePages {
  explicit FakePages(std::size_t size) : page_size(size) {}

  std::size_t page_size;
  std::map<std::string, HttpResponse> pages;
  std::vector<std::string> asked;

  Expected<std::vector<std::string>, RegistryError> list() {
    RegistryClientOptions options;
    options.tag_page_size = page_size;
    reference::ImageReference reference;
    reference.registry = "example.test";
    reference.repository = "app";
    // As an endpoint's base: no trailing '/'.
    Url origin = parse_url("https://example.test").value();
    origin.target.clear();
    const TagListing listing{options, reference, "example.test", origin};
    return page_tags(
        listing,
        [this](const Url &url) -> Expected<HttpResponse, RegistryError> {
          asked.push_back(url.to_string());
          const auto it = pages.find(url.to_string());
          if (it == pages.end()) {
            return HttpResponse{404, {}, "{}"};
          }
          return it->second;
        });
  }
};

HttpResponse page(const std::string &tags, const std::string &link = "") {
  HttpResponse response{200, {}, R"({"tags":[)" + tags + "]}"};
  if (!link.empty()) {
    response.headers.emplace_back("link", "<" + link + R"(>; rel="next")");
  }
  return response;
}

// The listing succeeds with `expected` after asking `asked` pages.
void check_tags(FakePages &fake,
                const std::vector<std::string> &expected,
                std::size_t asked) {
  const auto tags = fake.list();
  REQUIRE(tags);
  CHECK(*tags == expected);
  CHECK(fake.asked.size() == asked);
}

} // namespace

TEST_CASE("page_tags: follows Link pages until there is none", "[registry]") {
  FakePages fake{2};
  fake.pages["https://example.test/v2/app/tags/list?n=2"] =
      page(R"("a","b")", "/v2/app/tags/list?n=2&last=b");
  fake.pages["https://example.test/v2/app/tags/list?n=2&last=b"] =
      page(R"("c")");
  check_tags(fake, {"a", "b", "c"}, 2);
}

TEST_CASE("page_tags: a refused page size falls back to 100, then none",
          "[registry]") {
  FakePages fake{1000};
  fake.pages["https://example.test/v2/app/tags/list?n=1000"] =
      HttpResponse{413, {}, ""};
  fake.pages["https://example.test/v2/app/tags/list?n=100"] =
      HttpResponse{413, {}, ""};
  fake.pages["https://example.test/v2/app/tags/list"] = page(R"("1.0")");
  check_tags(fake, {"1.0"}, 3);
}

TEST_CASE("page_tags: refuses links to another host and link loops",
          "[registry]") {
  FakePages elsewhere{2};
  elsewhere.pages["https://example.test/v2/app/tags/list?n=2"] =
      page(R"("a","b")", "https://other.test/v2/app/tags/list?last=b");
  const auto refused = elsewhere.list();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == RegistryErrorKind::refused);
  CHECK(elsewhere.asked.size() == 1);

  FakePages loop{2};
  loop.pages["https://example.test/v2/app/tags/list?n=2"] =
      page(R"("a","b")", "/v2/app/tags/list?n=2");
  const auto looped = loop.list();
  REQUIRE_FALSE(looped);
  CHECK(looped.error().message == "pagination links loop");
}
