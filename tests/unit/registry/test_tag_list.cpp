#include "registry/tag_list.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace stalebase;
using namespace stalebase::registry;

namespace {

// page_tags drives a TagPager (its rules: test_tag_pager.cpp) through a page
// fetch; canned pages here, no HTTP.
struct FakePages {
  explicit FakePages(std::size_t size) : page_size(size) {}

  std::size_t page_size;
  std::map<std::string, HttpResponse> pages;
  std::vector<std::string> asked;
  std::string fail_on; // a URL whose fetch fails

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
          if (url.to_string() == fail_on) {
            return Unexpected(
                RegistryError{RegistryErrorKind::timeout, "timed out"});
          }
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

TEST_CASE("page_tags: a failed fetch ends the listing with its error",
          "[registry]") {
  FakePages fake{2};
  fake.fail_on = "https://example.test/v2/app/tags/list?n=2&last=b";
  fake.pages["https://example.test/v2/app/tags/list?n=2"] =
      page(R"("a","b")", "/v2/app/tags/list?n=2&last=b");
  const auto tags = fake.list();
  REQUIRE_FALSE(tags);
  CHECK(tags.error().kind == RegistryErrorKind::timeout);
  CHECK(tags.error().message == "timed out");
  CHECK(fake.asked.size() == 2);
}
