#include "io/json_claim.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace odenek::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::StatusOr<ClaimValue> Read(const std::string& text) {
  static JsonClaimReader* reader = new JsonClaimReader();
  return reader->Read(text, "c.json");
}

std::string Error(const std::string& text) {
  absl::StatusOr<ClaimValue> doc = Read(text);
  EXPECT_FALSE(doc.ok()) << text;
  return doc.ok() ? "" : std::string(doc.status().message());
}

TEST(JsonClaimReaderTest, BuildsTheDocumentTheYamlReaderBuilds) {
  absl::StatusOr<ClaimValue> doc = Read(
      R"({"id": "B-1", "n": 10008.00, "b": true, "z": null,)"
      "\n"
      R"( "o": {"k": "v"}, "l": [{"a": 1}, {"a": 2}]})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->kind, ClaimValue::Kind::kObject);
  ASSERT_EQ(doc->object.size(), 6u);
  EXPECT_EQ(doc->object[0].first, "id");
  EXPECT_EQ(doc->object[0].second.scalar, "B-1");
  EXPECT_TRUE(doc->object[0].second.quoted);
  // A number keeps its exact text: 10008.00 is not 10008.
  EXPECT_EQ(doc->object[1].second.scalar, "10008.00");
  EXPECT_FALSE(doc->object[1].second.quoted);
  EXPECT_EQ(doc->object[2].second.scalar, "true");
  EXPECT_EQ(doc->object[3].second.kind, ClaimValue::Kind::kNull);
  EXPECT_EQ(doc->object[4].second.object[0].second.scalar, "v");
  ASSERT_EQ(doc->object[5].second.list.size(), 2u);
  EXPECT_EQ(doc->object[5].second.list[1].object[0].second.scalar, "2");
  // Places: line 1 column 8 for "B-1"; the second line's "o" value at column 7.
  EXPECT_EQ(doc->object[0].second.location.ToString(), "c.json:1:8");
  EXPECT_EQ(doc->object[4].second.location.ToString(), "c.json:2:7");
}

TEST(JsonClaimReaderTest, WithoutLocationsTheValuesCarryNone) {
  JsonClaimReader reader;
  absl::StatusOr<ClaimValue> doc = reader.Read(R"({"id": "B-1"})", "c.json", false);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->object[0].second.location.line, 0);
}

TEST(JsonClaimReaderTest, CrBetweenTokensIsWhitespace) {
  absl::StatusOr<ClaimValue> doc = Read("{\"id\"\r: \"B-1\"\r}");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->object[0].second.scalar, "B-1");
}

TEST(JsonClaimReaderTest, SyntaxErrorsAreWordedInJsonTermsWithTheirPlace) {
  EXPECT_EQ(Error(R"({"id": "a", "x" 1})"),
            "c.json:1:17: invalid JSON: syntax error while parsing object separator - "
            "unexpected number literal; expected ':'");
  EXPECT_THAT(Error("{\"id\": \"a\",\n \"x\": tru}"), StartsWith("c.json:2:10: invalid JSON:"));
  EXPECT_THAT(Error(R"({"id": "a"} x)"), HasSubstr("expected end of input"));
  EXPECT_THAT(Error(R"({"n": 1?0})"), HasSubstr("invalid JSON:"));
  EXPECT_THAT(Error(R"({"n": 01})"), HasSubstr("invalid JSON:"));
  EXPECT_THAT(Error("{\"id\": \"a\tb\"}"), HasSubstr("control character U+0009"));
  EXPECT_THAT(Error("{\"id\": \"\xff\"}"), HasSubstr("ill-formed UTF-8"));
  EXPECT_THAT(Error(R"({"id": "a")"), HasSubstr("unexpected end of input"));
  // A CR that ends lines (an old Mac file read as one line) is named.
  EXPECT_THAT(Error("{\"id\": \"a\"}\r{\"id\": \"b\"}"),
              HasSubstr("carriage return (CR) not followed by a line feed"));
  // A long string in the message is cut short.
  const std::string long_text = "{\"id\": \"" + std::string(5000, 'x');
  EXPECT_LT(Error(long_text).size(), 300u);
}

TEST(JsonClaimReaderTest, ClaimRulesOnTopOfJson) {
  EXPECT_EQ(Error(R"({"id": "a", "id": "b"})"),
            "c.json:1:13: duplicate key \"id\": each key may appear once in an object");
  EXPECT_EQ(Error(R"( [1, 2])"), "c.json:1:2: expected a claim object ({...}), found an array");
  EXPECT_EQ(Error(R"("x")"), "c.json:1:1: expected a claim object ({...}), found a string");
  std::string deep = "{\"a\": ";
  for (int i = 0; i < 40; ++i) deep += "[";
  for (int i = 0; i < 40; ++i) deep += "]";
  deep += "}";
  EXPECT_THAT(Error(deep), HasSubstr("nested deeper than 32 levels"));
}

// The class, not the examples: on a corpus of small texts built from JSON's
// tokens, the reader accepts exactly what a strict RFC 8259 parser
// (nlohmann::json) accepts as an object without duplicate keys, and every
// refusal names a place.
TEST(JsonClaimReaderTest, AcceptsExactlyWhatStrictJsonAccepts) {
  const char* pieces[] = {"{", "}", "[", "]", ":", ",", "\"k\"", "\"v\"", "1", "-0.5e3",
                          "true", "null", " ", "\r", "\n", "01", "1.", "\"\\u00e7\"", "x"};
  const int n = sizeof(pieces) / sizeof(pieces[0]);
  uint32_t state = 12345;
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = "{";
    const int len = static_cast<int>(state % 9);
    for (int i = 0; i < len; ++i) {
      state = state * 1103515245u + 12345u;
      text += pieces[(state >> 16) % n];
    }
    state = state * 1103515245u + 12345u;
    if (state & 0x10000) text += "}";
    const bool strict = nlohmann::json::accept(text);
    bool object_without_duplicates = false;
    if (strict) {
      // nlohmann keeps the last of duplicate keys; count them on the side.
      struct Dups : nlohmann::json_sax<nlohmann::json> {
        std::vector<std::vector<std::string>> keys;
        bool duplicate = false;
        bool top_object = false;
        int depth = 0;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override {
          if (depth++ == 0) top_object = true;
          keys.emplace_back();
          return true;
        }
        bool key(string_t& k) override {
          for (const std::string& s : keys.back()) duplicate |= s == k;
          keys.back().push_back(k);
          return true;
        }
        bool end_object() override {
          --depth;
          keys.pop_back();
          return true;
        }
        bool start_array(std::size_t) override {
          ++depth;
          return true;
        }
        bool end_array() override {
          --depth;
          return true;
        }
        bool parse_error(std::size_t, const std::string&,
                         const nlohmann::detail::exception&) override {
          return false;
        }
      } dups;
      nlohmann::json::sax_parse(text, &dups);
      object_without_duplicates = dups.top_object && !dups.duplicate;
    }
    absl::StatusOr<ClaimValue> doc = Read(text);
    EXPECT_EQ(doc.ok(), object_without_duplicates) << "[" << text << "]: " << doc.status();
    if (!doc.ok()) {
      EXPECT_THAT(std::string(doc.status().message()), StartsWith("c.json:")) << text;
    } else {
      ++accepted;
    }
  }
  EXPECT_GT(accepted, 100);  // the corpus reaches the accepting side too
}

}  // namespace
}  // namespace odenek::internal
