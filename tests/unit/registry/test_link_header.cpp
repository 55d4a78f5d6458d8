#include "stalebase/registry/link_header.hpp"

#include <catch2/catch.hpp>

using stalebase::registry::next_link;

TEST_CASE("registry::next_link distribution relative link", "[registry]") {
  CHECK(
      next_link(
          {R"(</v2/library/alpine/tags/list?last=3.19&n=1000>; rel="next")"}) ==
      "/v2/library/alpine/tags/list?last=3.19&n=1000");
}

TEST_CASE("registry::next_link verbatim opaque token and bare rel",
          "[registry]") {
  CHECK(next_link({"<https://quay.io/v2/org/img/tags/"
                   "list?next_page=gAAAAA%3D%3D&n=50>; rel=next"}) ==
        "https://quay.io/v2/org/img/tags/list?next_page=gAAAAA%3D%3D&n=50");
}

TEST_CASE("registry::next_link several link-values and headers", "[registry]") {
  CHECK(
      next_link(
          {R"(</a?p=1>; rel="prev", </a?p=3>; title="x, y"; rel="last next")"}) ==
      "/a?p=3");
  CHECK(next_link({R"(</prev>; rel="prev")", R"(</next>; REL="Next")"}) ==
        "/next");
}

TEST_CASE("registry::next_link none", "[registry]") {
  CHECK_FALSE(next_link({}).has_value());
  CHECK_FALSE(next_link({R"(</a>; rel="prev")"}).has_value());
  CHECK_FALSE(next_link({"garbage"}).has_value());
  CHECK_FALSE(next_link({"<unterminated; rel=next"}).has_value());
  CHECK_FALSE(next_link({R"(</a>; rel="nextish")"}).has_value());
}
