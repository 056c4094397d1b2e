#include "io/json_claim.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace odenek::internal {
namespace {

namespace ondemand = simdjson::ondemand;

// Line and column of a place in the text, for values and messages. Places are
// asked for in increasing order as the document is walked, so each call only
// counts the newlines since the last one.
class Locator {
 public:
  Locator(const char* text, size_t size, const std::string& file_name)
      : text_(text), size_(size), file_name_(file_name) {}

  SourceLocation At(size_t offset) {
    offset = std::min(offset, size_);
    if (offset < scanned_) {  // backwards: count again from the start
      scanned_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
    for (; scanned_ < offset; ++scanned_) {
      if (text_[scanned_] == '\n') {
        ++line_;
        line_start_ = scanned_ + 1;
      }
    }
    return SourceLocation{file_name_, line_, static_cast<int>(offset - line_start_ + 1)};
  }
  SourceLocation At(const char* p) {
    return At(p >= text_ && p <= text_ + size_ ? static_cast<size_t>(p - text_) : size_t{0});
  }

 private:
  const char* text_;
  size_t size_;
  const std::string& file_name_;
  size_t scanned_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

const char* TypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array: return "an array";
    case ondemand::json_type::object: return "an object";
    case ondemand::json_type::number: return "a number";
    case ondemand::json_type::string: return "a string";
    case ondemand::json_type::boolean: return "a boolean";
    case ondemand::json_type::null: return "null";
  }
  return "a value";
}

// Walks simdjson's on-demand parse into a ClaimValue. A step that fails sets
// either `refusal` (valid JSON that breaks a claim rule: a duplicate key, too
// deep) or `syntax` (simdjson refused the text: the caller words the message
// with nlohmann's parser).
class Converter {
 public:
  Converter(Locator* locator, bool locations) : locator_(locator), locations_(locations) {}

  bool Object(ondemand::object object, int depth, ClaimValue* out);
  bool Value(ondemand::value value, int depth, ClaimValue* out);

  absl::Status refusal;
  simdjson::error_code syntax = simdjson::SUCCESS;

 private:
  bool Syntax(simdjson::error_code error) {
    syntax = error;
    return false;
  }
  bool Refuse(const char* place, std::string message) {
    refusal = absl::InvalidArgumentError(
        absl::StrCat(locator_->At(place).ToString(), ": ", std::move(message)));
    return false;
  }
  void Place(const char* p, ClaimValue* out) {
    if (locations_) out->location = locator_->At(p);
  }

  Locator* locator_;
  bool locations_;
};

bool Converter::Object(ondemand::object object, int depth, ClaimValue* out) {
  out->kind = ClaimValue::Kind::kObject;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto e = std::move(field_result).get(field)) return Syntax(e);
    // Before unescaped_key(), which consumes the raw key.
    const char* key_place = field.key().raw() - 1;  // the opening quote
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Syntax(e);
    for (const auto& entry : out->object) {
      if (entry.first == key) {
        return Refuse(key_place, absl::StrCat("duplicate key \"",
                                              absl::string_view(key.data(), key.size()),
                                              "\": each key may appear once in an object"));
      }
    }
    out->object.emplace_back(std::string(key), ClaimValue());
    if (!Value(field.value(), depth + 1, &out->object.back().second)) return false;
  }
  return true;
}

bool Converter::Value(ondemand::value value, int depth, ClaimValue* out) {
  const std::string_view token = value.raw_json_token();
  if (depth > kMaxJsonDepth) {
    return Refuse(token.data(), absl::StrCat("nested deeper than ", kMaxJsonDepth,
                                             " levels; a claim needs far fewer"));
  }
  Place(token.data(), out);
  ondemand::json_type type;
  if (auto e = value.type().get(type)) return Syntax(e);
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto e = value.get_object().get(object)) return Syntax(e);
      return Object(object, depth, out);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto e = value.get_array().get(array)) return Syntax(e);
      out->kind = ClaimValue::Kind::kList;
      for (auto element_result : array) {
        ondemand::value element;
        if (auto e = std::move(element_result).get(element)) return Syntax(e);
        out->list.emplace_back();
        if (!Value(element, depth + 1, &out->list.back())) return false;
      }
      return true;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto e = value.get_string().get(text)) return Syntax(e);
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar.assign(text.data(), text.size());
      out->quoted = true;
      return true;
    }
    case ondemand::json_type::number: {
      const std::string_view raw = JsonNumberText(value);
      if (!IsJsonNumber(raw)) return Syntax(simdjson::NUMBER_ERROR);
      // Typed later: the evaluator parses the text against the input's type.
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar.assign(raw.data(), raw.size());
      out->quoted = false;
      return true;
    }
    case ondemand::json_type::boolean: {
      bool b;
      if (auto e = value.get_bool().get(b)) return Syntax(e);
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar = b ? "true" : "false";
      out->quoted = false;
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return Syntax(e);
      if (!is_null) return Syntax(simdjson::N_ATOM_ERROR);
      out->kind = ClaimValue::Kind::kNull;
      return true;
    }
  }
  return Syntax(simdjson::INCORRECT_TYPE);
}

// Reads nothing; keeps the first syntax error nlohmann's strict parser finds.
class FirstError : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    found = true;
    offset = position > 0 ? position - 1 : 0;
    message = ex.what();
    return false;
  }

  bool found = false;
  size_t offset = 0;
  std::string message;
};

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column
// 36: syntax error while parsing object separator - invalid literal; last
// read: '"a"x'; expected ':'" without its prefix (the place is ours), and
// with a long "last read" cut short (it can be a whole 1 MiB string).
std::string Reword(const std::string& what) {
  std::string text = what;
  if (const size_t column = text.find(", column "); column != std::string::npos) {
    if (const size_t colon = text.find(": ", column); colon != std::string::npos) {
      text.erase(0, colon + 2);
    }
  }
  constexpr size_t kMaxLastRead = 60;
  if (const size_t start = text.find("last read: '"); start != std::string::npos) {
    const size_t from = start + 12;
    const size_t end = text.find("'; ", from);
    const size_t stop = end == std::string::npos ? text.size() : end;
    if (stop - from > kMaxLastRead) {
      text.replace(from + kMaxLastRead, stop - from - kMaxLastRead, "...");
    }
  }
  return text;
}

bool HasLoneCr(absl::string_view text) {
  for (size_t i = text.find('\r'); i != absl::string_view::npos; i = text.find('\r', i + 1)) {
    if (i + 1 == text.size() || text[i + 1] != '\n') return true;
  }
  return false;
}

// The message for a text simdjson refused.
absl::Status SyntaxError(absl::string_view text, Locator* locator,
                         simdjson::error_code simdjson_error) {
  FirstError first;
  try {
    nlohmann::json::sax_parse(text.begin(), text.end(), &first,
                              nlohmann::json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception& e) {  // defensive: the SAX interface reports, not throws
    first.found = true;
    first.message = e.what();
  }
  std::string message;
  SourceLocation place = locator->At(size_t{0});
  if (first.found) {
    place = locator->At(first.offset);
    message = absl::StrCat("invalid JSON: ", Reword(first.message));
  } else {
    // Both parsers should agree; if nlohmann accepts what simdjson refused
    // (a limit of simdjson's), say simdjson's reason rather than nothing.
    message = absl::StrCat("JSON this reader cannot take: ",
                           simdjson::error_message(simdjson_error));
  }
  if (HasLoneCr(text)) {
    absl::StrAppend(&message,
                    " (the text holds a carriage return (CR) not followed by a line feed; "
                    "lines must end with LF or CRLF)");
  }
  return absl::InvalidArgumentError(absl::StrCat(place.ToString(), ": ", message));
}

}  // namespace

std::string_view JsonNumberText(simdjson::ondemand::value& value) {
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                          raw.back() == '\n')) {
    raw.remove_suffix(1);
  }
  return raw;
}

bool IsJsonNumber(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

absl::StatusOr<ClaimValue> JsonClaimReader::Read(absl::string_view text,
                                                 const std::string& file_name, bool locations) {
  buffer_.assign(text.data(), text.size());
  buffer_.resize(text.size() + simdjson::SIMDJSON_PADDING);
  Locator locator(buffer_.data(), text.size(), file_name);
  Converter converter(&locator, locations);
  ondemand::document doc;
  simdjson::error_code error =
      parser_.iterate(buffer_.data(), text.size(), buffer_.size()).get(doc);
  if (!error) {
    ondemand::json_type type;
    error = doc.type().get(type);
    if (!error && type != ondemand::json_type::object) {
      const size_t start = text.find_first_not_of(" \t\r\n");
      return absl::InvalidArgumentError(absl::StrCat(
          locator.At(start == absl::string_view::npos ? 0 : start).ToString(),
          ": expected a claim object ({...}), found ", TypeName(type)));
    }
  }
  ClaimValue root;
  if (!error) {
    ondemand::object object;
    error = doc.get_object().get(object);
    if (!error) {
      const size_t start = text.find('{');
      if (locations) root.location = locator.At(start == absl::string_view::npos ? 0 : start);
      if (!converter.Object(object, 0, &root)) {
        if (!converter.refusal.ok()) return converter.refusal;
        error = converter.syntax;
      }
    }
  }
  if (!error) {
    // Trailing text after the object: the document still has a location.
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS) error = simdjson::TAPE_ERROR;
  }
  if (error) return SyntaxError(text, &locator, error);
  return root;
}

}  // namespace odenek::internal
