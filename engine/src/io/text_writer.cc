#include "io/text_writer.h"

#include <cstdint>

namespace odenek::internal {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
// The UTF-8 sequence starting at s[i] (a byte >= 0x80): its length when it is
// valid, else minus the length of its longest valid beginning (at least 1),
// which becomes one U+FFFD. That is Unicode's "maximal subpart" practice and
// exactly what nlohmann::json's dump(error_handler_t::replace) does, so a
// bulk JSONL line and `check --format json` agree byte for byte.
int Utf8Length(absl::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = byte(i);
  int n;
  uint8_t lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;
  }
  for (int k = 1; k < n; ++k) {
    if (i + k >= s.size()) return -k;
    const uint8_t b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return -k;
  }
  return n;
}

void AppendUnsigned(uint64_t n, std::string* out) {
  char digits[20];
  int len = 0;
  do {
    digits[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  while (len > 0) out->push_back(digits[--len]);
}

void AppendTwo(int n, std::string* out) {
  out->push_back(static_cast<char>('0' + n / 10));
  out->push_back(static_cast<char>('0' + n % 10));
}

}  // namespace

void AppendDate(Date d, std::string* out) {
  if (d.year() < 1000 || d.year() > 9999) {
    out->append(d.ToString());
    return;
  }
  AppendUnsigned(static_cast<uint64_t>(d.year()), out);
  out->push_back('-');
  AppendTwo(d.month(), out);
  out->push_back('-');
  AppendTwo(d.day(), out);
}

void AppendMonthOf(Date d, std::string* out) {
  if (d.year() < 1000 || d.year() > 9999) {
    out->append(Month::Of(d).ToString());
    return;
  }
  AppendUnsigned(static_cast<uint64_t>(d.year()), out);
  out->push_back('-');
  AppendTwo(d.month(), out);
}

void AppendMoney(Decimal amount, std::string* out) {
  const int64_t raw = amount.raw();
  constexpr int64_t kKurus = Decimal::kOne / 100;
  if (raw % kKurus != 0) {
    out->append(amount.ToString(2));  // rounds half up: leave that to Decimal
    return;
  }
  const uint64_t magnitude =
      raw < 0 ? uint64_t{0} - static_cast<uint64_t>(raw) : static_cast<uint64_t>(raw);
  if (raw < 0) out->push_back('-');
  const uint64_t kurus = magnitude / kKurus;
  AppendUnsigned(kurus / 100, out);
  out->push_back('.');
  AppendTwo(static_cast<int>(kurus % 100), out);
}

void AppendCsvField(absl::string_view value, std::string* out) {
  bool plain = true;
  for (char c : value) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->append(value.data(), value.size());
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJsonString(absl::string_view value, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < value.size()) {
    // A run of plain ASCII is appended at once (ids, names, dates: the
    // common case is the whole string).
    size_t plain = i;
    while (plain < value.size()) {
      const uint8_t c = static_cast<uint8_t>(value[plain]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++plain;
    }
    if (plain > i) {
      out->append(value.data() + i, plain - i);
      i = plain;
      continue;
    }
    const uint8_t c = static_cast<uint8_t>(value[i]);
    if (c >= 0x80) {
      const int n = Utf8Length(value, i);
      if (n < 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD
        i += -n;
      } else {
        out->append(value.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
    ++i;
  }
  out->push_back('"');
}

}  // namespace odenek::internal
