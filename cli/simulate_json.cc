#include "simulate_json.h"

#include <string_view>
#include <utility>

#include "load/rule_records.h"

namespace odenek::cli {
namespace {

using internal::ClaimValue;
namespace ondemand = simdjson::ondemand;

// Deep enough for any claim; deeper input goes to the YAML reader, which
// reports it properly.
constexpr int kMaxDepth = 32;

bool Convert(ondemand::value value, int depth, ClaimValue* out);

bool ConvertObject(ondemand::object object, int depth, ClaimValue* out) {
  out->kind = ClaimValue::Kind::kObject;
  for (auto field_result : object) {
    ondemand::field field;
    if (std::move(field_result).get(field) != simdjson::SUCCESS) return false;
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
    for (const auto& entry : out->object) {
      if (entry.first == key) return false;  // duplicate: let the YAML reader say so
    }
    out->object.emplace_back(std::string(key), ClaimValue());
    if (!Convert(field.value(), depth + 1, &out->object.back().second)) return false;
  }
  return true;
}

bool Convert(ondemand::value value, int depth, ClaimValue* out) {
  if (depth > kMaxDepth) return false;
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return false;
      return ConvertObject(object, depth, out);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      out->kind = ClaimValue::Kind::kList;
      for (auto element_result : array) {
        ondemand::value element;
        if (std::move(element_result).get(element) != simdjson::SUCCESS) return false;
        out->list.emplace_back();
        if (!Convert(element, depth + 1, &out->list.back())) return false;
      }
      return true;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) return false;
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar.assign(text.data(), text.size());
      out->quoted = true;
      return true;
    }
    case ondemand::json_type::number: {
      // The exact text, as YAML keeps it: "10008.00" must not become 10008.
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                              raw.back() == '\n')) {
        raw.remove_suffix(1);
      }
      // Not validated here: the evaluator parses the text against the input's
      // type, and a refused record is re-read by Claim::Parse.
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar.assign(raw.data(), raw.size());
      out->quoted = false;
      return true;
    }
    case ondemand::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) return false;
      out->kind = ClaimValue::Kind::kScalar;
      out->scalar = b ? "true" : "false";
      out->quoted = false;
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) return false;
      out->kind = ClaimValue::Kind::kNull;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Claim> JsonClaimParser::Parse(absl::string_view line, const std::string& file_name) {
  buffer_.assign(line.data(), line.size());
  buffer_.resize(line.size() + simdjson::SIMDJSON_PADDING);
  ondemand::document doc;
  if (parser_.iterate(buffer_.data(), line.size(), buffer_.size()).get(doc) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  ondemand::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  ClaimValue root;
  if (!ConvertObject(object, 0, &root)) return std::nullopt;
  // Trailing text after the object: the document still has a location.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) return std::nullopt;
  absl::StatusOr<Claim> claim = Claim::FromDocument(root, file_name);
  if (!claim.ok()) return std::nullopt;
  return *std::move(claim);
}

}  // namespace odenek::cli
