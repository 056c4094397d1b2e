// Records a bulk run holds back until every id is known (bulk/id_registry.h),
// and the text written after the first of them.
#ifndef ODENEK_ENGINE_SRC_BULK_HELD_BACK_H_
#define ODENEK_ENGINE_SRC_BULK_HELD_BACK_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bulk/chunk.h"
#include "bulk/id_spill.h"
#include "odenek/simulate.h"
#include "util/status_macros.h"

namespace odenek::internal {

// ---------------------------------------------------------------------------
// Records held back by the id check, and the text after the first of them.

inline std::string TempDir(const SimulateOptions& options) {
  if (!options.temp_dir.empty()) return options.temp_dir;
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? std::string(tmp) : std::string("/tmp");
}

// Once the id set is on disk, a record whose id may be a duplicate is held
// back (IdVerdict::kDeferred) until every id is known. The sinks must still
// get every record in input order, so from the first held-back record on the
// writer sends the chunks' text here instead, and the records themselves
// (with the places their text belongs) go to a third file. Replay evaluates
// them at the end and writes the whole tail to the sinks with each record's
// text in its place: the same bytes as a run with every id in memory.
// All three files are nameless (AnonymousFile).
class HeldBack {
 public:
  static absl::StatusOr<std::unique_ptr<HeldBack>> Create(const std::string& dir) {
    std::unique_ptr<HeldBack> h(new HeldBack());
    for (std::unique_ptr<AnonymousFile>* f : {&h->out_, &h->errors_, &h->records_}) {
      absl::StatusOr<std::unique_ptr<AnonymousFile>> file = AnonymousFile::Create(dir);
      if (!file.ok()) return file.status();
      *f = *std::move(file);
    }
    return h;
  }

  // The chunk's text, and its held-back records.
  absl::Status Add(const Chunk& c) {
    const int64_t out_base = out_->size();
    const int64_t errors_base = errors_->size();
    ODENEK_RETURN_IF_ERROR(out_->Write(c.out));
    ODENEK_RETURN_IF_ERROR(errors_->Write(c.errors));
    for (int r : c.deferred) {
      const ChunkRecord& rec = c.records[static_cast<size_t>(r)];
      const Place place{rec.number, rec.line,
                        out_base + static_cast<int64_t>(c.out_at[static_cast<size_t>(r)]),
                        errors_base + static_cast<int64_t>(c.errors_at[static_cast<size_t>(r)]),
                        static_cast<int64_t>(rec.size)};
      ODENEK_RETURN_IF_ERROR(
          records_->Write(absl::string_view(reinterpret_cast<const char*>(&place), sizeof(place))));
      ODENEK_RETURN_IF_ERROR(records_->Write(absl::string_view(c.text.data() + rec.offset, rec.size)));
    }
    return absl::OkStatus();
  }

  // Evaluates the held-back records with `process` (a worker whose id check
  // is now in replay) and writes the tail to the sinks (either may be null); `fold`
  // adds each replayed chunk to the summary.
  absl::Status Replay(const std::function<void(Chunk*)>& process, int chunk_records,
                      TextSink* results, TextSink* errors,
                      const std::function<void(const Chunk*)>& fold) {
    for (AnonymousFile* f : {out_.get(), errors_.get(), records_.get()}) {
      ODENEK_RETURN_IF_ERROR(f->Rewind());
    }
    Chunk chunk;
    std::vector<Place> places;
    std::string bytes;
    int64_t out_done = 0, errors_done = 0;
    for (bool more = true; more;) {
      chunk.text.clear();
      chunk.records.clear();
      chunk.largest_record = 0;
      places.clear();
      while (chunk.records.size() < static_cast<size_t>(chunk_records) &&
             chunk.text.size() < kChunkBytes) {
        Place place;
        if (!records_->Read(sizeof(place), &bytes)) {
          more = false;
          break;
        }
        std::memcpy(&place, bytes.data(), sizeof(place));
        if (!records_->Read(static_cast<size_t>(place.size), &bytes)) {
          return records_->status().ok() ? absl::InternalError("held-back record cut short")
                                         : records_->status();
        }
        ChunkRecord rec;
        rec.offset = chunk.text.size();
        rec.size = bytes.size();
        rec.number = place.number;
        rec.line = place.line;
        chunk.text += bytes;
        chunk.largest_record = std::max(chunk.largest_record, bytes.size());
        chunk.records.push_back(std::move(rec));
        places.push_back(place);
      }
      ODENEK_RETURN_IF_ERROR(records_->status());
      if (chunk.records.empty()) break;
      process(&chunk);
      for (size_t i = 0; i < chunk.records.size(); ++i) {
        ODENEK_RETURN_IF_ERROR(CopyTo(out_.get(), places[i].out_at, results, &out_done));
        ODENEK_RETURN_IF_ERROR(Put(results, chunk.out, chunk.out_at, i));
        ODENEK_RETURN_IF_ERROR(CopyTo(errors_.get(), places[i].errors_at, errors, &errors_done));
        ODENEK_RETURN_IF_ERROR(Put(errors, chunk.errors, chunk.errors_at, i));
      }
      fold(&chunk);
    }
    ODENEK_RETURN_IF_ERROR(CopyTo(out_.get(), out_->size(), results, &out_done));
    return CopyTo(errors_.get(), errors_->size(), errors, &errors_done);
  }

 private:
  // Where a held-back record's text belongs in the tail files.
  struct Place {
    int64_t number = 0;
    int64_t line = 0;
    int64_t out_at = 0;
    int64_t errors_at = 0;
    int64_t size = 0;  // of the record's text, which follows
  };

  HeldBack() = default;

  // Copies `file` on to `sink` until *done reaches `upto`.
  static absl::Status CopyTo(AnonymousFile* file, int64_t upto, TextSink* sink, int64_t* done) {
    std::string piece;
    while (*done < upto) {
      const size_t want = static_cast<size_t>(std::min<int64_t>(upto - *done, int64_t{1} << 20));
      ODENEK_RETURN_IF_ERROR(file->ReadSome(want, &piece));
      if (piece.empty()) return absl::InternalError("temporary output file cut short");
      if (sink != nullptr) ODENEK_RETURN_IF_ERROR(sink->Write(piece));
      *done += static_cast<int64_t>(piece.size());
    }
    return absl::OkStatus();
  }
  // Record i's part of a replayed chunk's text.
  static absl::Status Put(TextSink* sink, const std::string& text, const std::vector<size_t>& at,
                          size_t i) {
    if (sink == nullptr || at[i + 1] == at[i]) return absl::OkStatus();
    return sink->Write(absl::string_view(text.data() + at[i], at[i + 1] - at[i]));
  }

  std::unique_ptr<AnonymousFile> out_;
  std::unique_ptr<AnonymousFile> errors_;
  std::unique_ptr<AnonymousFile> records_;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_HELD_BACK_H_
