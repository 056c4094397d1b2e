// The simulate readers (engine/src/io/record_reader.h) as the bulk fuzz targets use
// them: a whole input read into owned records, so two reads can be compared.
#ifndef ODENEK_FUZZ_READER_UTIL_H_
#define ODENEK_FUZZ_READER_UTIL_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz_util.h"
#include "io/record_reader.h"

namespace odenek::fuzz {

struct OwnedRecord {
  int64_t number = 0;
  int64_t line = 0;
  std::string text;
  std::string error;
  bool operator==(const OwnedRecord&) const = default;
};

// The reader's knobs, taken from one byte of the input so the fuzzer explores
// block boundaries and the record-size limit along with the bytes.
struct ReaderKnobs {
  size_t block_size;
  size_t max_record_size;
};

inline ReaderKnobs KnobsFrom(uint8_t byte) {
  static constexpr size_t kBlocks[] = {1, 2, 3, 5, 16, 64, 4096, size_t{1} << 16};
  static constexpr size_t kMaxRecords[] = {8, 64, 1024, size_t{1} << 20};
  return {kBlocks[byte & 7], kMaxRecords[(byte >> 3) & 3]};
}

// Reads all of `data` with a RecordReader and checks what every read must
// hold: numbers run 1, 2, 3, ...; lines never go back; a bad record has no
// text; every byte is consumed; no read error (the input is in memory).
inline std::vector<OwnedRecord> ReadAll(absl::string_view data, internal::InputFormat format,
                                        size_t block_size, size_t max_record_size) {
  const int fd = MemoryFile(data);
  Check(fd >= 0, "memfd_create");
  internal::RecordReader reader(fd, {.format = format,
                                .block_size = block_size,
                                .max_record_size = max_record_size});
  std::vector<OwnedRecord> out;
  internal::RawRecord r;
  int64_t last_line = 0;
  while (reader.Next(&r)) {
    const std::string where = absl::StrCat("record ", out.size() + 1, " (block size ",
                                           block_size, ", max record ", max_record_size, "): ");
    Check(r.number == static_cast<int64_t>(out.size()) + 1,
          where + absl::StrCat("numbered ", r.number));
    Check(r.line > last_line, where + absl::StrCat("line ", r.line, " after ", last_line));
    Check(r.error.empty() || r.text.empty(), where + "a bad record with text");
    Check(r.text.size() <= max_record_size, where + "a record over the limit");
    last_line = r.line;
    out.push_back({r.number, r.line, std::string(r.text), std::string(r.error)});
  }
  Check(reader.status().ok(), "read error: " + std::string(reader.status().message()));
  Check(reader.bytes_read() == static_cast<int64_t>(data.size()),
        absl::StrCat("read ", reader.bytes_read(), " of ", data.size(), " bytes"));
  close(fd);
  return out;
}

// ReadAll with the knobs, checked against a read in one block (larger than
// any fuzz input: -max_len is 64 KiB): where the blocks end must never change
// the records (simulate_input.h). Not the reader's default 4 MiB: its buffer
// would cost a 4 MiB allocation per input.
inline constexpr size_t kReferenceBlock = size_t{1} << 17;

inline std::vector<OwnedRecord> ReadAllChecked(absl::string_view data, internal::InputFormat format,
                                               const ReaderKnobs& knobs) {
  std::vector<OwnedRecord> records =
      ReadAll(data, format, knobs.block_size, knobs.max_record_size);
  if (knobs.block_size != kReferenceBlock) {
    const std::vector<OwnedRecord> reference =
        ReadAll(data, format, kReferenceBlock, knobs.max_record_size);
    Check(records.size() == reference.size(),
          absl::StrCat(records.size(), " records with block size ", knobs.block_size, ", ",
                       reference.size(), " in one block"));
    for (size_t i = 0; i < records.size(); ++i) {
      const OwnedRecord& a = records[i];
      const OwnedRecord& b = reference[i];
      Check(a == b, absl::StrCat("record ", i + 1, " differs with block size ", knobs.block_size,
                                 ": {", a.number, ", line ", a.line, ", \"", a.text, "\", \"",
                                 a.error, "\"} vs {", b.number, ", line ", b.line, ", \"", b.text,
                                 "\", \"", b.error, "\"}"));
    }
  }
  return records;
}

}  // namespace odenek::fuzz

#endif  // ODENEK_FUZZ_READER_UTIL_H_
