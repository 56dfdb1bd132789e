#include <catch2/catch.hpp>

#include "http_framing.hpp"

using careerbot::framing_problem;

TEST_CASE("only one plain length or exactly chunked frames a request", "[http]") {
  CHECK_FALSE(framing_problem({}, {}, 1));
  CHECK_FALSE(framing_problem({}, {"12"}, 1));
  CHECK_FALSE(framing_problem({"chunked"}, {}, 1));
  CHECK_FALSE(framing_problem({" Chunked\t"}, {}, 1));
  CHECK(framing_problem({"chunked"}, {"12"}, 1)->status == 400);
  CHECK(framing_problem({"xchunked"}, {"12"}, 1)->status == 400);
  CHECK(framing_problem({"xchunked"}, {}, 1)->status == 400);
  CHECK(framing_problem({"chunked", "chunked"}, {}, 1)->status == 400);
  CHECK(framing_problem({"chunked,"}, {}, 1)->status == 400);
  CHECK(framing_problem({""}, {}, 1)->status == 400);
  CHECK(framing_problem({"chunked"}, {}, 0)->status == 400);
  CHECK(framing_problem({"gzip, chunked"}, {}, 1)->status == 501);
  CHECK(framing_problem({"gzip", "chunked"}, {}, 1)->status == 501);
  CHECK(framing_problem({"chunked, gzip"}, {}, 1)->status == 400);
  CHECK(framing_problem({}, {"12", "12"}, 1)->status == 400);
  CHECK(framing_problem({}, {"12, 12"}, 1)->status == 400);
  CHECK(framing_problem({}, {"+12"}, 1)->status == 400);
  CHECK(framing_problem({}, {""}, 1)->status == 400);
}
