#include "io/record_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace odenek::internal {
namespace {

constexpr size_t kNpos = absl::string_view::npos;

const char* FindByte(const char* begin, const char* end, char c) {
  return static_cast<const char*>(std::memchr(begin, c, static_cast<size_t>(end - begin)));
}

}  // namespace

RecordReader::RecordReader(int fd, const Options& options)
    : RecordReader(ClaimSource::FromDescriptor(fd, "<fd>"), options) {}

RecordReader::RecordReader(std::unique_ptr<ClaimSource> owned, const Options& options)
    : RecordReader(owned.get(), options) {
  owned_ = std::move(owned);
}

RecordReader::RecordReader(ClaimSource* source, const Options& options)
    : source_(source),
      options_(options),
      too_long_(
          absl::StrCat("record too long: over ", options.max_record_size, " bytes; skipped")),
      quote_too_long_(absl::StrCat(
          "record too long: over ", options.max_record_size,
          " bytes, or an unterminated quote (a quoted field that runs on past the limit); "
          "the record's first line is skipped and reading resumes on the next line")) {}

bool RecordReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  if (begin_ > 0) {
    // Keep the unconsumed tail (a partial record) at the front, so the buffer
    // never grows beyond the longest record plus one block.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + options_.block_size) buffer_.resize(end_ + options_.block_size);
  absl::StatusOr<size_t> n = source_->Read(buffer_.data() + end_, buffer_.size() - end_);
  if (!n.ok()) {
    status_ = n.status();
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  bytes_read_ += static_cast<int64_t>(*n);
  return true;
}

size_t RecordReader::FindRecordEnd(size_t* newlines) {
  const char* data = buffer_.data();
  const char* end = data + end_;
  const char* p = data + scan_;
  if (options_.format == InputFormat::kJsonl) {
    const char* nl = FindByte(p, end, '\n');
    if (nl == nullptr) {
      scan_ = end_;
      return kNpos;
    }
    *newlines = 0;
    return static_cast<size_t>(nl - data);
  }
  while (p < end) {
    if (!in_quotes_) {
      // Most records hold no quote: one memchr finds the line break, another
      // confirms there is no quote before it.
      const char* nl = FindByte(p, end, '\n');
      const char* quote = FindByte(p, nl != nullptr ? nl : end, '"');
      if (quote != nullptr) {
        in_quotes_ = true;
        p = quote + 1;
        continue;
      }
      if (nl != nullptr) {
        *newlines = scan_newlines_;
        return static_cast<size_t>(nl - data);
      }
      p = end;
    } else {
      // Inside quotes a line break is data. A "" escape closes and reopens the
      // quotes, which leaves the state right for finding the record's end.
      const char* quote = FindByte(p, end, '"');
      const char* stop = quote != nullptr ? quote : end;
      scan_newlines_ += static_cast<size_t>(std::count(p, stop, '\n'));
      if (quote == nullptr) {
        p = end;
      } else {
        in_quotes_ = false;
        p = quote + 1;
      }
    }
  }
  scan_ = end_;
  return kNpos;
}

absl::string_view RecordReader::KeepError(std::string message) {
  if (kept_errors_.size() < kKeptErrors) kept_errors_.resize(kKeptErrors);
  std::string& slot = kept_errors_[next_kept_error_];
  next_kept_error_ = (next_kept_error_ + 1) % kKeptErrors;
  slot = std::move(message);
  return slot;
}

size_t RecordReader::FindLoneCr(absl::string_view text) {
  size_t i = 0;
  while ((i = text.find('\r', i)) != kNpos) {
    if (i + 1 == text.size() || text[i + 1] != '\n') return i;
    i += 2;
  }
  return kNpos;
}

absl::string_view RecordReader::LoneCrError(absl::string_view text, size_t cr,
                                            int64_t first_line) {
  const absl::string_view before = text.substr(0, cr);
  const int64_t line = first_line + static_cast<int64_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = before.rfind('\n');
  const size_t column = line_start == kNpos ? cr + 1 : cr - line_start;
  return KeepError(absl::StrCat(
      "line ", line, ", column ", column,
      ": a carriage return (CR) not followed by a line feed (LF); lines must end with LF "
      "or CRLF (convert a file with CR line ends, from old Mac software, first)"));
}

void RecordReader::StartBadRecord(RawRecord* record) {
  record->number = ++records_;
  record->line = line_;
  record->text = absl::string_view();
}

void RecordReader::RejectTooLong(RawRecord* record) {
  StartBadRecord(record);
  // What the message says is read from the first line's first
  // max_record_size + 1 bytes, which are buffered whatever the block size.
  absl::string_view first(buffer_.data() + begin_,
                          std::min(end_ - begin_, options_.max_record_size + 1));
  first = first.substr(0, first.find('\n'));
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (const size_t cr = FindLoneCr(first); cr != kNpos) {
    record->error = LoneCrError(first, cr, line_);
  } else {
    record->error = first.find('"') != kNpos ? quote_too_long_ : too_long_;
  }
  SkipLine();
}

void RecordReader::SkipLine() {
  for (;;) {
    const char* data = buffer_.data();
    const char* nl = FindByte(data + begin_, data + end_, '\n');
    if (nl != nullptr) {
      begin_ = scan_ = static_cast<size_t>(nl - data) + 1;
      ++line_;
      break;
    }
    begin_ = scan_ = end_;
    if (!Fill()) {
      tail_line_ = true;  // the input ends inside the line
      break;
    }
  }
  in_quotes_ = false;
  scan_newlines_ = 0;
}

bool RecordReader::Next(RawRecord* record) {
  if (at_start_) {
    at_start_ = false;
    while (end_ - begin_ < 3 && Fill()) {
    }
    if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
      begin_ += 3;
      scan_ = begin_;
    }
  }
  for (;;) {
    if (begin_ == end_ && !Fill()) return false;
    size_t newlines = 0;
    size_t nl = FindRecordEnd(&newlines);
    // The bytes so far may end with the CR of a CRLF whose LF is in the next
    // block: the CR is not the record's, so a record of exactly the limit
    // still fits (found by csv_row_fuzz).
    const size_t pending = end_ - begin_;
    const size_t allowed =
        options_.max_record_size + (pending > 0 && buffer_[end_ - 1] == '\r' ? 1 : 0);
    if (nl == kNpos && pending > allowed) {
      // Too long. A record that runs on over line breaks inside quotes is
      // most likely a stray '"' (issue #14: one quote swallowed a whole
      // file): either way the record is reported at the line it starts on,
      // and reading resumes on the next line, without buffering the rest.
      RejectTooLong(record);
      return true;
    }
    if (nl == kNpos) {
      if (Fill()) continue;
      if (!status_.ok()) return false;
      if (begin_ == end_) return false;
      if (in_quotes_) {
        // A quoted field still open at the end of the input.
        StartBadRecord(record);
        record->error =
            "unterminated quote: a quoted field is not closed before the end of the input; "
            "the record's first line is skipped and reading resumes on the next line";
        SkipLine();
        return true;
      }
      // The input ends without a line break after its last record.
      absl::string_view text(buffer_.data() + begin_, end_ - begin_);
      begin_ = scan_ = end_;
      scan_newlines_ = 0;
      tail_line_ = true;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.empty()) return false;  // a lone CR
      record->number = ++records_;
      record->line = line_;
      record->text = text;
      record->error = absl::string_view();
      if (text.size() > options_.max_record_size) {
        record->text = absl::string_view();
        record->error = too_long_;
      }
      break;
    }
    if (nl - begin_ - (nl > begin_ && buffer_[nl - 1] == '\r' ? 1 : 0) >
        options_.max_record_size) {
      // Found whole, but too long: as above, whatever the block size.
      RejectTooLong(record);
      return true;
    }
    absl::string_view text(buffer_.data() + begin_, nl - begin_);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (newlines > 0 && options_.format == InputFormat::kCsv &&
        !SplitCsvRecord(text, &check_fields_, &check_scratch_).ok()) {
      // Quotes that span lines but do not make well-formed fields: a stray
      // '"' paired with a later one. Only the first line is the bad record.
      StartBadRecord(record);
      record->error =
          "unterminated quote: a quoted field runs over a line break and does not end "
          "a field (a stray '\"'?); the record's first line is skipped and reading "
          "resumes on the next line";
      SkipLine();
      return true;
    }
    const int64_t line = line_;
    begin_ = scan_ = nl + 1;
    line_ += 1 + static_cast<int64_t>(newlines);
    scan_newlines_ = 0;
    if (text.empty()) continue;  // blank lines are not records
    record->number = ++records_;
    record->line = line;
    record->text = text;
    record->error = absl::string_view();
    break;
  }
  if (record->text.empty()) return true;
  if (std::memchr(record->text.data(), '\0', record->text.size())) {
    record->text = absl::string_view();
    record->error = "binary data: the record holds a NUL byte";
  } else if (options_.format == InputFormat::kCsv &&
             std::memchr(record->text.data(), '\r', record->text.size()) != nullptr) {
    // Lone CR line ends are refused, not guessed at (docs/claims.md): a CR
    // inside a CSV line would otherwise reach the field splitter, whose
    // messages then point at the wrong place. (In JSONL it is whitespace.)
    if (const size_t cr = FindLoneCr(record->text); cr != kNpos) {
      record->error = LoneCrError(record->text, cr, record->line);
      record->text = absl::string_view();
    }
  }
  return true;
}

absl::Status SplitCsvRecord(absl::string_view text, std::vector<absl::string_view>* fields,
                            std::string* scratch) {
  fields->clear();
  {
    // Fast path, one pass: without quotes every comma separates fields. Fields
    // are short, so a plain loop beats a memchr call per field.
    const char* p = text.data();
    const char* end = p + text.size();
    const char* start = p;
    for (; p < end; ++p) {
      if (*p == ',') {
        fields->emplace_back(start, static_cast<size_t>(p - start));
        start = p + 1;
      } else if (*p == '"') {
        break;
      }
    }
    if (p == end) {
      fields->emplace_back(start, static_cast<size_t>(end - start));
      return absl::OkStatus();
    }
    fields->clear();
  }
  // Unescaped text is never longer than the record, so after this reserve the
  // views into *scratch stay valid while it is appended to.
  scratch->clear();
  scratch->reserve(text.size());
  size_t i = 0;
  for (;;) {
    const size_t field = fields->size() + 1;
    if (i < text.size() && text[i] == '"') {
      size_t j = i + 1;
      bool escaped = false;
      size_t close;
      for (;;) {
        close = text.find('"', j);
        if (close == kNpos) {
          return absl::InvalidArgumentError(
              absl::StrCat("field ", field, ": the quoted field is not closed"));
        }
        if (close + 1 < text.size() && text[close + 1] == '"') {
          escaped = true;
          j = close + 2;
          continue;
        }
        break;
      }
      absl::string_view inner = text.substr(i + 1, close - i - 1);
      if (!escaped) {
        fields->push_back(inner);
      } else {
        const size_t from = scratch->size();
        for (size_t k = 0; k < inner.size(); ++k) {
          scratch->push_back(inner[k]);
          if (inner[k] == '"') ++k;  // the second quote of ""
        }
        fields->push_back(absl::string_view(scratch->data() + from, scratch->size() - from));
      }
      i = close + 1;
      if (i == text.size()) return absl::OkStatus();
      if (text[i] != ',') {
        return absl::InvalidArgumentError(
            absl::StrCat("field ", field, ": expected ',' after the closing quote"));
      }
      ++i;
      continue;
    }
    size_t comma = text.find(',', i);
    absl::string_view value = text.substr(i, comma == kNpos ? kNpos : comma - i);
    if (value.find('"') != kNpos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "field ", field, ": a '\"' inside an unquoted field (quote the whole field)"));
    }
    fields->push_back(value);
    if (comma == kNpos) return absl::OkStatus();
    i = comma + 1;
  }
}

}  // namespace odenek::internal
