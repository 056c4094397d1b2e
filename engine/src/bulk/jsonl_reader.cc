#include "bulk/jsonl_reader.h"

#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"

#include "api/claim_access.h"
#include "io/json_claim.h"
#include "load/rule_records.h"

namespace odenek::internal {
namespace ondemand = simdjson::ondemand;

absl::StatusOr<Claim> JsonClaimParser::Parse(absl::string_view line, const std::string& file_name,
                                             bool locations) {
  absl::StatusOr<ClaimValue> doc = reader_.Read(line, file_name, locations);
  if (!doc.ok()) return doc.status();
  return ClaimAccess::FromDocument(*std::move(doc), file_name);
}

namespace {

// simdjson speaks std::string_view; this abseil build has its own string_view.
absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Nested objects deeper than this go the slow way (JsonClaimParser allows kMaxJsonDepth).
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
      *text = JsonNumberText(value);
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
  // Keys of this object so far (a duplicate goes the slow way, which names it).
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
      // A bad id goes the slow way too, whose AddClaim names it with its place.
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
    // Over the limit the line goes the slow way, whose AddClaim names it.
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
      // copy. A key spelt with escapes matches none and goes the slow way.
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
