#include "registry/tag_pager.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace stalebase;
using namespace stalebase::registry;

namespace {

// The state machine alone: canned answers by URL, no HTTP and no transport.
struct Listing {
  RegistryClientOptions options;
  reference::ImageReference reference;
  Url origin;
  std::map<std::string, HttpResponse> pages;
  std::vector<std::string> asked;

  explicit Listing(std::size_t page_size, std::string prefix = "") {
    options.tag_page_size = page_size;
    reference.registry = "example.test";
    reference.repository = "app";
    // As an endpoint's base: no trailing '/'.
    origin = parse_url("https://example.test").value();
    origin.target = std::move(prefix);
  }

  TagPager pager() const {
    return TagPager(options, reference, "example.test", origin);
  }

  // Drives a pager through the canned pages (404 for any other URL).
  Expected<std::vector<std::string>, RegistryError> run() {
    TagPager paging = pager();
    while (const auto url = paging.next_request()) {
      asked.push_back(url->to_string());
      const auto it = pages.find(url->to_string());
      paging.take_page(it == pages.end() ? HttpResponse{404, {}, "{}"}
                                         : it->second);
    }
    CHECK(paging.state() != TagPaging::next_page);
    return std::move(paging).result();
  }

  // The error the listing ends with.
  RegistryError error() {
    auto tags = run();
    REQUIRE_FALSE(tags);
    return tags.error();
  }
};

HttpResponse page(const std::string &tags, const std::string &link = "") {
  HttpResponse response{200, {}, R"({"tags":[)" + tags + "]}"};
  if (!link.empty()) {
    response.headers.emplace_back("link", "<" + link + R"(>; rel="next")");
  }
  return response;
}

const std::string k_list = "https://example.test/v2/app/tags/list";

} // namespace

TEST_CASE("TagPager: one step at a time", "[registry]") {
  Listing listing{2};
  TagPager pager = listing.pager();
  REQUIRE(pager.state() == TagPaging::next_page);
  CHECK(pager.next_request()->to_string() == k_list + "?n=2");
  CHECK(pager.take_page(page(R"("a","b")", "/v2/app/tags/list?n=2&last=b")) ==
        TagPaging::next_page);
  CHECK(pager.next_request()->to_string() == k_list + "?n=2&last=b");
  CHECK(pager.take_page(page(R"("c")")) == TagPaging::complete);
  CHECK_FALSE(pager.next_request());
  CHECK(std::move(pager).result().value() ==
        std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("TagPager: Link pages, relative and absolute", "[registry]") {
  Listing listing{2};
  listing.pages[k_list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  listing.pages[k_list + "?n=2&last=b"] = page(R"("c","d")", "list?n=2&last=d");
  listing.pages[k_list + "?n=2&last=d"] =
      page(R"("e","f")", "../tags/list?n=2&last=f");
  listing.pages[k_list + "?n=2&last=f"] =
      page(R"("g","h")", "https://EXAMPLE.test:443/v2/app/tags/list?last=h");
  listing.pages["https://example.test:443/v2/app/tags/list?last=h"] =
      page(R"("i","j")", "//example.test/v2/app/tags/list?last=j");
  listing.pages[k_list + "?last=j"] = page(R"("k")");
  const auto tags = listing.run();
  REQUIRE(tags);
  CHECK(*tags == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g",
                                          "h", "i", "j", "k"});
  CHECK(listing.asked.size() == 6);
}

TEST_CASE("TagPager: an endpoint's path prefix stays in every page",
          "[registry]") {
  Listing listing{2, "/mirror"};
  const std::string list = "https://example.test/mirror/v2/app/tags/list";
  listing.pages[list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  listing.pages[list + "?n=2&last=b"] = page(R"("c")");
  CHECK(listing.run().value() == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("TagPager: a next link to another origin is refused before asking",
          "[registry]") {
  for (const std::string link :
       {"https://other.test/v2/app/tags/list?last=b",
        "//other.test/v2/app/tags/list?last=b",
        "http://example.test/v2/app/tags/list?last=b",
        "https://example.test:5000/v2/app/tags/list?last=b"}) {
    CAPTURE(link);
    Listing listing{2};
    listing.pages[k_list + "?n=2"] = page(R"("a","b")", link);
    const RegistryError error = listing.error();
    CHECK(error.kind == RegistryErrorKind::refused);
    CHECK(error.message.rfind("refused pagination link to another host", 0) ==
          0);
    CHECK(listing.asked.size() == 1);
  }
  Listing listing{2};
  listing.pages[k_list + "?n=2"] =
      page(R"("a","b")", "https://other.test:8443/x");
  CHECK(
      listing.error().message ==
      R"(refused pagination link to another host ("https://other.test:8443"))");
}

TEST_CASE("TagPager: a next link seen before is a loop", "[registry]") {
  Listing itself{2};
  itself.pages[k_list + "?n=2"] = page(R"("a","b")", "/v2/app/tags/list?n=2");
  CHECK(itself.error().message == "pagination links loop");
  CHECK(itself.asked.size() == 1);

  Listing two{2};
  two.pages[k_list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  two.pages[k_list + "?n=2&last=b"] = page(R"("c","d")", "?n=2");
  const RegistryError error = two.error();
  CHECK(error.kind == RegistryErrorKind::refused);
  CHECK(error.message == "pagination links loop");
  CHECK(two.asked.size() == 2);
}

TEST_CASE("TagPager: the page cap", "[registry]") {
  Listing listing{2};
  listing.options.max_tag_pages = 2;
  listing.pages[k_list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  listing.pages[k_list + "?n=2&last=b"] = page(R"("c","d")", "?n=2&last=d");
  listing.pages[k_list + "?n=2&last=d"] = page(R"("e")");
  const RegistryError error = listing.error();
  CHECK(error.kind == RegistryErrorKind::refused);
  CHECK(error.message == "tag list has more than 2 pages");
  CHECK(listing.asked.size() == 2);

  Listing exact{2};
  exact.options.max_tag_pages = 3;
  exact.pages = listing.pages;
  CHECK(exact.run().value().size() == 5);
  CHECK(exact.asked.size() == 3);

  Listing none{2};
  none.options.max_tag_pages = 0;
  CHECK(none.error().message == "tag list has more than 0 pages");
  CHECK(none.asked.empty());
}

TEST_CASE("TagPager: caps on tags and bytes", "[registry]") {
  Listing tags{2};
  tags.options.max_tags = 3;
  tags.pages[k_list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  tags.pages[k_list + "?n=2&last=b"] = page(R"("c","d")");
  CHECK(tags.error().message ==
        R"(tag list of "example.test/app" has more than 3 tags)");

  Listing bytes{2};
  bytes.pages = tags.pages;
  bytes.options.max_tag_bytes = bytes.pages[k_list + "?n=2"].body.size() + 5;
  const RegistryError error = bytes.error();
  CHECK(error.kind == RegistryErrorKind::refused);
  CHECK(error.message == "tag list of \"example.test/app\" is larger than " +
                             std::to_string(bytes.options.max_tag_bytes) +
                             " bytes");
  CHECK(bytes.asked.size() == 2);
}

TEST_CASE("TagPager: what a page's body may be", "[registry]") {
  const auto ending = [](const std::string &body) {
    Listing listing{2};
    listing.pages[k_list + "?n=2"] = HttpResponse{200, {}, body};
    return listing.run();
  };
  CHECK(ending(R"({"name":"app","tags":null})").value().empty());
  CHECK(ending(R"({"name":"app"})").value().empty());
  CHECK(ending(R"({"tags":["1.0", 7, "bad tag", "-x", "2.0"]})").value() ==
        std::vector<std::string>{"1.0", "2.0"});
  CHECK(ending("<html>gateway</html>").error().message ==
        "tag list is not JSON");
  CHECK(ending(R"(["1.0"])").error().kind ==
        RegistryErrorKind::invalid_response);
  CHECK(ending(R"({"tags":"1.0"})").error().message ==
        R"(tag list has no "tags" array)");
  CHECK(ending(R"({"tags":{}})").error().kind ==
        RegistryErrorKind::invalid_response);
}

TEST_CASE("TagPager: a broken next link fails the listing", "[registry]") {
  Listing listing{2};
  listing.pages[k_list + "?n=2"] = page(R"("a","b")", "ftp://example.test/x");
  const RegistryError error = listing.error();
  CHECK(error.kind == RegistryErrorKind::invalid_response);
  CHECK(error.message ==
        R"(invalid pagination link: unsupported URL scheme "ftp")");
}

TEST_CASE("TagPager: refused page sizes, only on the first page",
          "[registry]") {
  Listing listing{1000};
  listing.pages[k_list + "?n=1000"] = HttpResponse{413, {}, ""};
  listing.pages[k_list + "?n=100"] = HttpResponse{
      400, {}, R"({"errors":[{"code":"PAGINATION_NUMBER_INVALID"}]})"};
  listing.pages[k_list] = page(R"("1.0")");
  CHECK(listing.run().value() == std::vector<std::string>{"1.0"});
  CHECK(listing.asked.size() == 3);

  Listing later{2};
  later.pages[k_list + "?n=2"] = page(R"("a","b")", "?n=2&last=b");
  later.pages[k_list + "?n=2&last=b"] = HttpResponse{413, {}, ""};
  CHECK_FALSE(later.run());
  CHECK(later.asked.size() == 2);

  Listing missing{2};
  CHECK(missing.error().kind == RegistryErrorKind::not_found);
  CHECK(missing.asked.size() == 1);
}

TEST_CASE("TagPager: full pages without a Link ask after their last tag",
          "[registry]") {
  Listing listing{2};
  listing.pages[k_list + "?n=2"] = page(R"("a","b")");
  listing.pages[k_list + "?n=2&last=b"] = page(R"("c","d")");
  // A page that repeats only what came before ends the list.
  listing.pages[k_list + "?n=2&last=d"] = page(R"("c","d")");
  CHECK(listing.run().value() == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(listing.asked.size() == 3);

  // More than `n`: the registry ignored `n` and gave everything.
  Listing ignored{2};
  ignored.pages[k_list + "?n=2"] = page(R"("a","b","c")");
  CHECK(ignored.run().value().size() == 3);
  CHECK(ignored.asked.size() == 1);

  // Without `n` there is nothing to ask after.
  Listing unsized{0};
  unsized.pages[k_list] = page(R"("a","b")");
  CHECK(unsized.run().value().size() == 2);
  CHECK(unsized.asked.size() == 1);
}
