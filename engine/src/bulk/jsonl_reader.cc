#include "bulk/jsonl_reader.h"

#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"

#include "load/rule_records.h"

namespace odenek::internal {
namespace {

using internal::ClaimValue;
namespace ondemand = simdjson::ondemand;

// Deep enough for any claim; deeper input goes to the YAML reader, which
// reports it properly.
constexpr int kMaxDepth = 32;

bool Convert(ondemand::value value, int depth, ClaimValue* out);

// A number token's exact text, as YAML keeps it: "10008.00" must not become
// 10008. Both readers take numbers this way.
std::string_view NumberText(ondemand::value& value) {
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                          raw.back() == '\n')) {
    raw.remove_suffix(1);
  }
  return raw;
}

// simdjson's on-demand API hands out a number's token without checking it
// ("1?0" comes back as is); the tree and the YAML reader refuse such a line, so
// this path must too. JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
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
      std::string_view raw = NumberText(value);
      if (!IsJsonNumber(raw)) return false;
      // Typed later: the evaluator parses the text against the input's type,
      // and a refused record is re-read by Claim::Parse.
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

namespace {

// simdjson speaks std::string_view; this abseil build has its own string_view.
absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Nested objects deeper than this go the old way (JsonClaimParser allows 32).
constexpr int kMaxRowDepth = 8;
// Names of keys that are not inputs are remembered (they may prefix nested
// ones) up to this many, so a file of random keys cannot grow the cache.
constexpr size_t kMaxCachedKeys = 4096;

// A scalar's text as the claim tree would hold it: a string's contents, a
// number's token, true/false. False for an object, an array or null (null is
// reported through *is_null).
bool ScalarText(ondemand::value& value, ondemand::json_type type, std::string_view* text,
                bool* is_null) {
  *is_null = false;
  switch (type) {
    case ondemand::json_type::string:
      return value.get_string().get(*text) == simdjson::SUCCESS;
    case ondemand::json_type::number:
      *text = NumberText(value);
      return IsJsonNumber(*text);
    case ondemand::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) return false;
      *text = b ? "true" : "false";
      return true;
    }
    case ondemand::json_type::null: {
      bool null = false;
      if (value.is_null().get(null) != simdjson::SUCCESS || !null) return false;
      *is_null = true;
      return false;
    }
    default:
      return false;
  }
}

}  // namespace

bool JsonRowReader::Fill(absl::string_view line) {
  buffer_.assign(line.data(), line.size());
  buffer_.resize(line.size() + simdjson::SIMDJSON_PADDING);
  ondemand::document doc;
  if (parser_.iterate(buffer_.data(), line.size(), buffer_.size()).get(doc) != simdjson::SUCCESS) {
    return false;
  }
  ondemand::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return false;
  began_ = false;
  name_.clear();
  bool ok = Object(object, 0);
  // Trailing text after the object: the document still has a location.
  const char* rest = nullptr;
  if (ok && doc.current_location().get(rest) == simdjson::SUCCESS) ok = false;
  if (!ok && began_) eval_->CancelRow();
  return ok && began_;
}

const JsonRowReader::Key& JsonRowReader::Lookup(std::string_view name) {
  static const Key kUnknownKey;
  const absl::string_view view = View(name);
  auto it = keys_.find(view);
  if (it != keys_.end()) return it->second;
  Key key;
  if ((key.index = eval_->FindList(view)) >= 0) {
    key.kind = Key::kList;
  } else if ((key.index = eval_->FindInput(view)) >= 0) {
    key.kind = Key::kScalar;
  }
  if (key.kind == Key::kUnknown && keys_.size() >= kMaxCachedKeys) return kUnknownKey;
  return keys_.emplace(std::string(name), key).first->second;
}

bool JsonRowReader::Object(ondemand::object object, int depth) {
  // Keys of this object so far (a duplicate goes the old way, which names it).
  absl::InlinedVector<std::string_view, 16> seen;
  const size_t prefix = name_.size();
  for (auto field_result : object) {
    ondemand::field field;
    if (std::move(field_result).get(field) != simdjson::SUCCESS) return false;
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
    for (std::string_view k : seen) {
      if (k == key) return false;
    }
    seen.push_back(key);
    if (depth == 0 && !began_) {
      // The id first, as text: the row needs it before any value.
      if (key != "id") return false;
      std::string_view id;
      if (field.value().get_string().get(id) != simdjson::SUCCESS) return false;
      // A bad id goes the old way too, whose AddClaim names it with its place.
      if (!CheckClaimId(View(id)).ok()) return false;
      eval_->BeginRow(View(id));
      began_ = true;
      continue;
    }
    name_.resize(prefix);
    if (prefix > 0) name_ += '.';
    name_.append(key.data(), key.size());
    if (!Value(field.value(), depth)) return false;
  }
  name_.resize(prefix);
  return true;
}

bool JsonRowReader::Value(ondemand::value value, int depth) {
  const Key& key = Lookup(name_);
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (key.kind) {
    case Key::kList: {
      if (type == ondemand::json_type::null) {
        bool null = false;
        return value.is_null().get(null) == simdjson::SUCCESS && null;
      }
      if (type != ondemand::json_type::array) return false;
      return List(value, key.index);
    }
    case Key::kScalar: {
      const int input = key.index;
      std::string_view text;
      bool is_null;
      if (!ScalarText(value, type, &text, &is_null)) return is_null;  // null: unknown
      return eval_->SetInput(input, View(text)).ok();
    }
    case Key::kUnknown:
      break;
  }
  // Not an input: a nested object gives dotted names ("fesih": {"tarih": ...}
  // is fesih.tarih); anything else is an unknown key.
  if (type != ondemand::json_type::object || depth + 1 > kMaxRowDepth) return false;
  ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return false;
  return Object(object, depth + 1);
}

bool JsonRowReader::List(ondemand::value value, int list) {
  ondemand::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return false;
  if (static_cast<size_t>(list) >= list_fields_.size()) list_fields_.resize(list + 1);
  std::vector<std::string>& fields = list_fields_[list];
  if (fields.empty()) fields = eval_->ListFields(list);
  if (fields.size() > 64) return false;  // the duplicate check below is a 64-bit mask
  eval_->MarkList(list);
  int records = 0;
  for (auto element_result : array) {
    // Over the limit the line goes the old way, whose AddClaim names it.
    if (++records > kMaxHistoryRecords) return false;
    ondemand::value element;
    if (std::move(element_result).get(element) != simdjson::SUCCESS) return false;
    ondemand::object record;
    if (element.get_object().get(record) != simdjson::SUCCESS) return false;
    eval_->AddListRecord(list);
    uint64_t seen = 0;
    for (auto field_result : record) {
      ondemand::field field;
      if (std::move(field_result).get(field) != simdjson::SUCCESS) return false;
      // The raw key against each field name (plain ASCII): no unescaping
      // copy. A key spelt with escapes matches none and goes the old way.
      const ondemand::raw_json_string key = field.key();
      int f = 0;
      const int n = static_cast<int>(fields.size());
      while (f < n && !key.unsafe_is_equal(fields[f])) ++f;
      if (f == n) return false;  // unknown field (or escaped)
      if (seen & (uint64_t{1} << f)) return false;
      seen |= uint64_t{1} << f;
      ondemand::value v = field.value();
      ondemand::json_type type;
      if (v.type().get(type) != simdjson::SUCCESS) return false;
      std::string_view text;
      bool is_null;
      if (!ScalarText(v, type, &text, &is_null)) {
        if (is_null) continue;
        return false;
      }
      if (!eval_->SetListField(list, f, View(text)).ok()) return false;
    }
  }
  return true;
}

}  // namespace odenek::internal
